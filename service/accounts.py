"""A person's own account: signing in and out, and who a session belongs to."""

from __future__ import annotations

import math
from dataclasses import dataclass

from domain.errors import TooManyAttempts
from domain.people import Person
from service.context import Context
from service.people import People
from service.records import PersonRecord, person_record

# Failed sign-ins allowed in a quarter of an hour. Someone mistyping their own password is
# stopped after five tries; guessing from many addresses is slowed by the account's limit,
# and trying many accounts by the address's; none of them holds anyone out for longer.
PER_ACCOUNT_AND_ADDRESS = 5
PER_ACCOUNT = 20
PER_ADDRESS = 50


@dataclass(frozen=True)
class SignIn:
    """A person signed in, and the token of their sign-in (for the session cookie only)."""

    person: PersonRecord
    token: str


class Accounts:
    def __init__(self, ctx: Context, people: People) -> None:
        self.ctx = ctx
        self.people = people

    def sign_in(self, email: str, password: str, *, address: str) -> SignIn | None:
        """A new sign-in, or None: unknown email, wrong password or inactive account.
        Refused (TooManyAttempts) without a look at the password after too many failures
        in a quarter of an hour from ``address`` (the client's), to the account, or both."""
        now = self.ctx.clock.now()
        account = f"account {email.strip().lower()}"
        keys = {f"{account} from {address}": PER_ACCOUNT_AND_ADDRESS}
        keys |= {account: PER_ACCOUNT, f"address {address}": PER_ADDRESS}
        until = self.ctx.sign_ins.failures.refused_until(keys, now)
        if until is not None:
            minutes = math.ceil((until - now).total_seconds() / 60)
            raise TooManyAttempts(
                "there have been too many failed attempts to sign in: "
                f"try again in {minutes} minute{'' if minutes == 1 else 's'}",
                until=until,
            )
        person_id = self.people.authenticate(email, password)
        if person_id is None:
            self.ctx.sign_ins.failures.record(list(keys), now)
            return None
        self.ctx.sign_ins.failures.forget(f"{account} from {address}")
        token = self.ctx.sign_ins.start(person_id, now)
        return SignIn(self.people.person(person_id), token)

    def signed_in(self, token: str) -> SignIn | None:
        """The sign-in ``token`` stands for, while it lasts and the account is active."""
        person_id = self.ctx.sign_ins.person(token, self.ctx.clock.now())
        if person_id is None:
            return None
        person = self.ctx.peek(Person, person_id)
        if person is None or not person.is_active:
            return None
        return SignIn(person_record(person, self.ctx.directory.get(person_id)), token)

    def sign_out(self, token: str) -> None:
        """End this sign-in: the cookie carrying it no longer signs anyone in."""
        self.ctx.sign_ins.end(token)

"""A person's own account: signing in and out, who a session belongs to, changing a
password and getting a link to choose a new one."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from domain.errors import InvalidInput, PermissionDenied, TooManyAttempts
from domain.people import Person
from infrastructure.directory import normalise_email
from service.context import Context
from service.people import People
from service.records import PersonRecord, person_record


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
        keys = self._unless_too_many_failures(email, address, now)
        person_id = self.people.authenticate(email, password)
        if person_id is None:
            self.ctx.sign_ins.failures.record(keys, now)
            return None
        self.ctx.sign_ins.failures.forget(keys[0])
        token = self.ctx.sign_ins.start(person_id, now)
        return SignIn(self.people.person(person_id), token)

    def change_password(
        self, token: str, *, current_password: str, new: str, address: str
    ) -> SignIn:
        """A new password for the person signed in with ``token``, who gives their current
        one (wrong guesses count like failed sign-ins). Every sign-in of theirs ends; the
        returned one, for this browser, replaces ``token``."""
        now = self.ctx.clock.now()
        sign_in = self.signed_in(token)
        if sign_in is None:
            raise PermissionDenied("sign in again to change your password")
        person = sign_in.person
        keys = self._unless_too_many_failures(person.email, address, now)
        if self.people.authenticate(person.email, current_password) != person.id:
            self.ctx.sign_ins.failures.record(keys, now)
            raise InvalidInput("your current password is not right", field="current_password")
        self.people.set_password(person.id, new)
        return SignIn(self.people.person(person.id), self.ctx.sign_ins.start(person.id, now))

    def forgotten_password(self, email: str, *, address: str) -> None:
        """Mail a link to choose a new password if ``email`` has an active account. The
        answer is the same either way; a few links a quarter-hour at most, so that
        nobody's mailbox can be flooded (more are quietly not sent)."""
        address_typed = normalise_email(email)
        now = self.ctx.clock.now()
        most = self.ctx.sign_ins.failures.throttles
        keys = {f"new password link to {address_typed}": most.links_per_account}
        keys |= {f"new password links from {address}": most.links_per_address}
        if self.ctx.sign_ins.failures.refused_until(keys, now) is not None:
            return
        self.ctx.sign_ins.failures.record(list(keys), now)
        self.people.send_new_password_link(address_typed)

    def _unless_too_many_failures(self, email: str, address: str, now: datetime) -> list[str]:
        """The keys failures to sign in as ``email`` from ``address`` count under, the
        account's from that address first; TooManyAttempts if any is at its limit."""
        account, most = f"account {email.strip().lower()}", self.ctx.sign_ins.failures.throttles
        keys = {f"{account} from {address}": most.per_account_and_address}
        keys |= {account: most.per_account, f"address {address}": most.per_address}
        until = self.ctx.sign_ins.failures.refused_until(keys, now)
        if until is not None:
            minutes = math.ceil((until - now).total_seconds() / 60)
            raise TooManyAttempts(
                "there have been too many failed attempts to sign in: "
                f"try again in {minutes} minute{'' if minutes == 1 else 's'}",
                until=until,
            )
        return list(keys)

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

"""A person's own account: signing in and out, and who a session belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from domain.people import Person
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

    def sign_in(self, email: str, password: str) -> SignIn | None:
        """A new sign-in, or None: unknown email, wrong password or inactive account."""
        person_id = self.people.authenticate(email, password)
        if person_id is None:
            return None
        token = self.ctx.sign_ins.start(person_id, self.ctx.clock.now())
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

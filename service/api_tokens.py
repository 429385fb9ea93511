"""Personal API tokens: made, listed and revoked by their owner (or by an operator's
``expertbank tokens`` command). A token carries exactly its owner's permissions: it is
looked up on every request, and stops working the moment its owner's account is no longer
active. Each token may make ``per_minute`` requests a minute."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.errors import NotFound, PermissionDenied
from domain.ids import SYSTEM_ACTOR
from domain.people import Person
from domain.validation import text
from infrastructure.api_tokens import ApiTokenTable, StoredToken
from service.access import active_person
from service.context import Context
from service.records import PersonRecord, person_record

MOST_PER_PERSON = 20


@dataclass(frozen=True)
class NewToken:
    token_id: UUID
    name: str
    token: str
    """Shown once, to its owner; only its digest is kept."""


@dataclass(frozen=True)
class TokenHolder:
    """The person a token stands for, and its requests this minute against its limit."""

    person: PersonRecord
    token_id: UUID
    limit: int
    used: int
    resets_at: datetime

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)


class ApiTokens:
    def __init__(self, ctx: Context, table: ApiTokenTable, per_minute: int) -> None:
        self.ctx = ctx
        self.table = table
        self.per_minute = per_minute

    def create(self, actor: UUID, person_id: UUID, *, name: object) -> NewToken:
        """A new token for ``person_id``, named so that its owner knows it again."""
        self._require_owner_or_operator(actor, person_id)
        active_person(self.ctx, person_id)
        named = text(name, "a name for the token", field="name", max_length=60)
        if len(self.table.of(person_id)) >= MOST_PER_PERSON:
            raise PermissionDenied(
                f"you have {MOST_PER_PERSON} tokens, the most there can be: revoke one first",
                field="name",
            )
        token_id, token = self.table.add(person_id, named, self.ctx.clock.now())
        return NewToken(token_id, named, token)

    def of(self, actor: UUID, person_id: UUID) -> list[StoredToken]:
        self._require_owner_or_operator(actor, person_id)
        return self.table.of(person_id)

    def revoke(self, actor: UUID, person_id: UUID, token_id: UUID) -> None:
        """The token stops working at once."""
        self._require_owner_or_operator(actor, person_id)
        if not self.table.remove(person_id, token_id):
            raise NotFound("there is no such token of yours", field="token_id")

    def holder(self, token: str) -> TokenHolder | None:
        """Whose ``token`` is, while it exists and their account is active; None otherwise.
        Counts the request against the token's limit for this minute."""
        now = self.ctx.clock.now()
        use = self.table.use(token, now)
        if use is None:
            return None
        person = self.ctx.peek(Person, use.person_id)
        if person is None or not person.is_active:
            return None
        record = person_record(person, self.ctx.directory.get(person.id))
        minute = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
        return TokenHolder(record, use.token_id, self.per_minute, use.used_in_minute, minute)

    def _require_owner_or_operator(self, actor: UUID, person_id: UUID) -> None:
        if actor not in (person_id, SYSTEM_ACTOR):
            raise PermissionDenied("only its owner can see or change a person's API tokens")

"""A unit of work: the aggregates one command reads and changes, saved in one transaction.

It keeps one object per aggregate id, so that a diary touched twice in a command (by a
lapsed hold and by the new booking, say) is changed in one place and saved once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import ids
from domain.diary import ProviderDiary
from domain.errors import NotFound
from domain.ids import SYSTEM_ACTOR
from domain.peer_month import PeerMonth
from service.context import Context, of_kind

A = TypeVar("A", bound=Aggregate)


class Unit:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.now: datetime = ctx.clock.now()
        self._seen: dict[UUID, Aggregate] = {}
        self._relied_on: dict[UUID, int] = {}

    def find(self, kind: type[A], aggregate_id: UUID, *, field: str | None = None) -> A | None:
        seen = self._seen.get(aggregate_id)
        if seen is None:
            seen = self.ctx.find(kind, aggregate_id, field=field)
            if seen is None:
                return None
            self._seen[aggregate_id] = seen
        return of_kind(kind, seen, aggregate_id, field=field)

    def get(self, kind: type[A], aggregate_id: UUID, noun: str, *, field: str | None) -> A:
        """The aggregate, or NotFound (see ``Context.load`` for ``field``)."""
        found = self.find(kind, aggregate_id, field=field)
        if found is None:
            raise NotFound(f"there is no {noun} with id {aggregate_id}", field=field)
        return found

    def relies_on(self, *aggregates: Aggregate) -> None:
        """The command decides on these as they are now without changing them (a window
        still published, a provider still active): the save fails if any has changed by
        then, and the command runs again on what stands."""
        for aggregate in aggregates:
            self._relied_on.setdefault(aggregate.id, aggregate.version)

    def relies_on_absence(self, aggregate_id: UUID) -> None:
        """Like ``relies_on``, for a record that does not exist yet (a diary not opened)."""
        self._relied_on.setdefault(aggregate_id, 0)

    def add(self, aggregate: A) -> A:
        self._seen[aggregate.id] = aggregate
        return aggregate

    def diary(self, provider_id: UUID, day: date) -> ProviderDiary:
        """The provider's diary for ``day``, opened if this is its first entry."""
        found = self.find(ProviderDiary, ids.diary_id(provider_id, day))
        if found is not None:
            return found
        return self.add(
            ProviderDiary.open(actor=SYSTEM_ACTOR, at=self.now, provider_id=provider_id, day=day)
        )

    def peer_month(self, provider_id: UUID, month: str) -> PeerMonth:
        found = self.find(PeerMonth, ids.peer_month_id(provider_id, month))
        if found is not None:
            return found
        return self.add(
            PeerMonth.open(actor=SYSTEM_ACTOR, at=self.now, provider_id=provider_id, month=month)
        )

    def commit(self) -> None:
        """Save every changed aggregate in one transaction. The command ends here: what it
        saved becomes the process's cached copy, never to be changed again."""
        changed = [a for a in self._seen.values() if a.pending_events]
        if changed:
            saved = {a.id for a in changed}  # their own versions are checked as they are saved
            unchanged = {i: v for i, v in self._relied_on.items() if i not in saved}
            self.ctx.save(*changed, handing_over=True, unchanged=unchanged)
        self._seen.clear()
        self._relied_on.clear()

"""The lists the read models of ``projections/`` do not offer yet, folded in memory from
the events of a few small aggregates: regions, services, themes, people, availability
windows, time off and resources.

It reads only the notification log, and only those aggregates' topics (never a booking
or a diary event), applies each new event once, in order, and remembers its position, so
a page costs a catch-up over the few such events stored since the last page.
"""

from __future__ import annotations

import threading
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.utils import get_topic

from domain.availability import AvailabilityWindow
from domain.people import Person
from domain.registry import LibraryService, Region, Theme
from domain.resources import Resource
from domain.time_off import TimeOff
from service import views
from service.bootstrap import ExpertBank

A = TypeVar("A", bound=Aggregate)
PAGE = 500
FOLDED = (Region, LibraryService, Theme, Person, AvailabilityWindow, TimeOff, Resource)


def folded_topics() -> list[str]:
    """Every event topic of the folded aggregates."""
    return [
        get_topic(cls)
        for aggregate in FOLDED
        for cls in vars(aggregate).values()
        if isinstance(cls, type) and issubclass(cls, DomainEvent)
    ]


class RegistryFold:
    def __init__(self, bank: ExpertBank) -> None:
        self.bank = bank
        self.topics = folded_topics()
        self.position = 0
        self.state: dict[UUID, Aggregate] = {}
        self.lock = threading.RLock()

    def catch_up(self) -> None:
        recorder, mapper = self.bank.store.recorder, self.bank.store.mapper
        with self.lock:
            while True:
                found = recorder.select_notifications(
                    start=self.position + 1, limit=PAGE, topics=self.topics
                )
                for notification in found:
                    event = cast(DomainEvent, mapper.to_domain_event(notification))
                    self._apply(event)
                    self.position = notification.id
                if len(found) < PAGE:
                    return

    def _apply(self, event: DomainEvent) -> None:
        aggregate = event.mutate(self.state.get(event.originator_id))  # type: ignore[attr-defined]
        self.state[event.originator_id] = aggregate

    def _all(self, kind: type[A]) -> list[A]:
        self.catch_up()
        with self.lock:
            return [a for a in self.state.values() if isinstance(a, kind)]

    def kind_of(self, item_id: UUID) -> str | None:
        """The kind of aggregate folded here under that id, if any."""
        self.catch_up()
        found = self.state.get(item_id)
        return type(found).__name__ if found is not None else None

    def name(self, item_id: UUID) -> str:
        self.catch_up()
        found = self.state.get(item_id)
        if isinstance(found, Person) or found is None:
            details = self.bank.ctx.directory.get(item_id)
            return details.name if details else ("The system" if item_id.int == 0 else "")
        return str(getattr(found, "name", ""))

    def themes(self, include_retired: bool = False) -> list[views.ThemeView]:
        found = [views.theme_view(t) for t in self._all(Theme)]
        return sorted((t for t in found if include_retired or not t.retired), key=_by_name)

    def regions(self) -> list[views.RegionView]:
        return sorted((views.region_view(r) for r in self._all(Region)), key=_by_name)

    def services(self) -> list[views.ServiceView]:
        return sorted((views.service_view(s) for s in self._all(LibraryService)), key=_by_name)

    def people(self, role: str | None = None) -> list[views.PersonView]:
        people = [p for p in self._all(Person) if role is None or role in p.roles]
        details = self.bank.ctx.directory.many([p.id for p in people])
        found = [views.person_view(p, details.get(p.id)) for p in people]
        return sorted(found, key=_by_name)

    def windows(self, provider_id: UUID) -> list[views.WindowView]:
        return [
            views.window_view(w)
            for w in self._all(AvailabilityWindow)
            if w.provider_id == provider_id and w.is_published
        ]

    def time_off(self, provider_id: UUID) -> list[views.TimeOffView]:
        found = [
            views.time_off_view(t)
            for t in self._all(TimeOff)
            if t.provider_id == provider_id and t.status != "removed"
        ]
        return sorted(found, key=lambda t: t.first_day)

    def resources(self, theme_id: UUID | None = None) -> list[views.ResourceView]:
        return [
            views.resource_view(r)
            for r in self._all(Resource)
            if r.status == "published" and (theme_id is None or r.theme_id == theme_id)
        ]


def _by_name(item: Any) -> str:
    return str(item.name).lower()

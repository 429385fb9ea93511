"""An in-process read model: the event stream folded into current state, in memory.

It stands in for the read models of ``projections/`` until they are wired into the bank.
It reads only the notification log (never the repository), applies each new event once,
in order, and remembers its position, so a page costs a catch-up over the events stored
since the last page. ``as_of`` folds the same stream up to a moment, for auditors.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, DomainEvent

from domain import ids
from domain.availability import AvailabilityWindow
from domain.bookings import Booking
from domain.diary import ProviderDiary
from domain.engagements import Engagement
from domain.errors import SessionFull, SlotTaken, SlotUnavailable
from domain.people import Person, Role
from domain.registry import LibraryService, Region, Theme
from domain.requests import ExpressionOfInterest
from domain.resources import Resource
from domain.time import TimeRange, london_day
from domain.time_off import TimeOff
from service import views
from service.bootstrap import ExpertBank
from web.lists import History, HistoryEntry, PeerHours, Slot, SlotSearch, Totals
from web.sentences import describe

A = TypeVar("A", bound=Aggregate)
PAGE = 500
RELATED = ("service_id", "provider_id", "expert_id", "request_id", "engagement_id", "booked_by")


class EventFold:
    def __init__(
        self, bank: ExpertBank, until: datetime | None = None, topics: Sequence[str] = ()
    ) -> None:
        self.bank = bank
        self.until = until
        self.topics = list(topics)
        self.position = 0
        self.state: dict[UUID, Aggregate] = {}
        self.log: list[tuple[int, DomainEvent, frozenset[UUID]]] = []
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
                    if self.until is not None and event.timestamp > self.until:
                        return
                    self._apply(notification.id, event)
                    self.position = notification.id
                if len(found) < PAGE:
                    return

    def _apply(self, position: int, event: DomainEvent) -> None:
        aggregate = event.mutate(self.state.get(event.originator_id))  # type: ignore[attr-defined]
        self.state[event.originator_id] = aggregate
        touched = {event.originator_id, event.actor}  # type: ignore[attr-defined]
        touched.update(v for k in RELATED if isinstance(v := getattr(aggregate, k, None), UUID))
        self.log.append((position, event, frozenset(touched)))

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

    def requests(
        self, *, service_id: UUID | None = None, states: tuple[str, ...] = ()
    ) -> list[views.RequestView]:
        found = [
            views.request_view(r)
            for r in self._all(ExpressionOfInterest)
            if (service_id is None or r.service_id == service_id)
            and (not states or r.state in states)
        ]
        return sorted(found, key=lambda r: r.submitted_at)

    def engagements(
        self, *, service_id: UUID | None = None, expert_id: UUID | None = None
    ) -> list[views.EngagementView]:
        return [
            views.engagement_view(e)
            for e in self._all(Engagement)
            if (service_id is None or e.service_id == service_id)
            and (expert_id is None or e.expert_id == expert_id)
        ]

    def bookings(
        self,
        *,
        service_id: UUID | None = None,
        provider_id: UUID | None = None,
        engagement_id: UUID | None = None,
    ) -> list[views.BookingView]:
        found = [
            views.booking_view(b)
            for b in self._all(Booking)
            if (service_id is None or b.service_id == service_id)
            and (provider_id is None or b.provider_id == provider_id)
            and (engagement_id is None or b.engagement_id == engagement_id)
        ]
        return sorted(found, key=lambda b: b.start)

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

    def free_slots(self, search: SlotSearch, now: datetime) -> list[Slot]:
        found: list[Slot] = []
        for window in self._all(AvailabilityWindow):
            provider = self.state.get(window.provider_id)
            if window.is_published and isinstance(provider, Person) and provider.is_active:
                found.extend(self._window_slots(window, provider, search, now))
        return sorted(found, key=lambda s: (s.start, s.provider_id))[: search.limit]

    def _window_slots(
        self, window: AvailabilityWindow, provider: Person, search: SlotSearch, now: datetime
    ) -> list[Slot]:
        spec = window.spec
        kind = "expert" if provider.has(Role.EXPERT) else "peer"
        service = self.state.get(provider.service_id) if provider.service_id else None
        region = getattr(service, "region_id", None)
        wanted = (
            (search.theme_id is None or search.theme_id in spec.theme_ids)
            and search.provider_kind in (None, kind)
            and search.provider_id in (None, provider.id)
            and search.region_id in (None, region)
            and search.mode in (None, spec.mode)
            and (
                search.exclude_service_id is None
                or provider.service_id != search.exclude_service_id
            )
        )
        if not wanted:
            return []
        start = london_day(search.first_day).start if search.first_day else now
        end = now + timedelta(days=spec.horizon_days)
        if search.last_day is not None:
            end = min(end, london_day(search.last_day).end)
        return [
            Slot(
                provider.id,
                kind,
                window.id,
                s.start,
                s.end,
                spec.mode,
                spec.location,
                list(spec.theme_ids),
                spec.seats,
                region,
            )
            for s in spec.slots(max(start, now), end)
            if self._free(window, s, now)
        ][: search.limit]

    def _free(self, window: AvailabilityWindow, slot: TimeRange, now: datetime) -> bool:
        spec = window.spec
        try:
            spec.check_bookable(slot, now)
            for day in slot.widened(spec.buffer).london_dates():
                diary = self.state.get(ids.diary_id(window.provider_id, day))
                if isinstance(diary, ProviderDiary):
                    diary.check_free(
                        at=now,
                        booking_id=uuid4(),
                        window_id=window.id,
                        slot=slot,
                        buffer_minutes=spec.buffer_minutes,
                        seats=spec.seats,
                    )
        except (SlotTaken, SlotUnavailable, SessionFull):
            return False
        return True

    def history(self, subject_id: UUID, as_of: datetime | None = None) -> History:
        source = EventFold(self.bank, until=as_of) if as_of else self
        source.catch_up()
        with source.lock:
            logged = [e for e in source.log if subject_id in e[2]]
            touched = {event.originator_id for _, event, _ in logged}
        entries = [
            HistoryEntry(
                position=position,
                at=event.timestamp,
                actor_id=event.actor,  # type: ignore[attr-defined]
                kind=type(event).__qualname__.split(".")[0],
                subject_id=event.originator_id,
                what=describe(event, source.state.get(event.originator_id), source.name),
            )
            for position, event, _ in logged
            if not isinstance(source.state.get(event.originator_id), ProviderDiary)
        ]
        return History(
            entries=entries,
            requests=[r for r in source.requests() if r.id in touched],
            engagements=[e for e in source.engagements() if e.id in touched],
            bookings=[b for b in source.bookings() if b.id in touched],
        )

    def statistics(self, by: str) -> list[Totals]:
        groups: dict[str, dict[str, Any]] = defaultdict(_empty)
        for r in self._all(ExpressionOfInterest):
            states = groups[self._group(by, r.theme_id, r.service_id)]["requests_by_state"]
            states[r.state] = states.get(r.state, 0) + 1
        for e in self._all(Engagement):
            group = groups[self._group(by, e.theme_id, e.service_id)]
            group["allocated_minutes"] += e.allowance_minutes
            group["booked_minutes"] += e.booked_minutes
            group["used_minutes"] += e.used_minutes
        ratings: dict[str, list[int]] = defaultdict(list)
        for b in self._all(Booking):
            name = self._group(by, b.theme_id, b.service_id)
            groups[name]["sessions_held"] += b.outcome == "held"
            groups[name]["no_shows"] += b.outcome == "no_show"
            ratings[name] += [b.rating] if b.rating else []
        return [
            Totals(name=name, average_rating=_mean(ratings[name]), **values)
            for name, values in sorted(groups.items())
        ]

    def peer_hours(self) -> list[PeerHours]:
        given: dict[UUID, int] = defaultdict(int)
        received: dict[UUID, int] = defaultdict(int)
        for b in self._all(Booking):
            provider = self.state.get(b.provider_id)
            home = getattr(provider, "service_id", None)
            if b.engagement_id is None and b.outcome == "held" and home is not None:
                given[home] += b.minutes
                received[b.service_id] += b.minutes
        services = sorted(set(given) | set(received), key=self.name)
        return [PeerHours(s, given[s], received[s]) for s in services]

    def _group(self, by: str, theme_id: UUID, service_id: UUID) -> str:
        if by == "theme":
            return self.name(theme_id)
        service = self.state.get(service_id)
        return self.name(getattr(service, "region_id", service_id))


def _empty() -> dict[str, Any]:
    counted = ("allocated_minutes", "booked_minutes", "used_minutes", "sessions_held", "no_shows")
    return dict.fromkeys(counted, 0) | {"requests_by_state": {}}


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _by_name(item: Any) -> str:
    return str(item.name).lower()

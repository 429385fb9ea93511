"""The pages' read side over the projections' read models (``bank.views``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from projections.availability_read import TimeOffEntry, WindowEntry
from projections.people_read import PersonEntry
from projections.registry_read import RegionEntry, ServiceEntry, ThemeEntry
from projections.resources import ResourceEntry
from service import views
from service.bootstrap import ExpertBank
from web.lists import History, HistoryEntry, Slot, SlotPage, SlotSearch

MOST = 500
SUBJECT_KINDS = ("request", "engagement", "booking")


class ReadModels:
    def __init__(self, bank: ExpertBank) -> None:
        self.views = bank.views

    def name(self, item_id: UUID) -> str:
        return self.views.registry.name(item_id)

    def themes(self, include_retired: bool = False) -> list[ThemeEntry]:
        return self.views.registry.themes(include_retired=include_retired)

    def regions(self) -> list[RegionEntry]:
        return self.views.registry.regions()

    def services(self) -> list[ServiceEntry]:
        return self.views.registry.services()

    def people(self, role: str | None = None) -> list[PersonEntry]:
        return self.views.people.people(role=role)

    def windows(self, provider_id: UUID) -> list[WindowEntry]:
        return self.views.windows.of_provider(provider_id)

    def time_off(self, provider_id: UUID) -> list[TimeOffEntry]:
        return self.views.windows.time_off(provider_id)

    def resources(self, theme_id: UUID | None = None) -> list[ResourceEntry]:
        return self.views.resources.published(theme_id)

    def requests(
        self,
        *,
        service_id: UUID | None = None,
        states: tuple[str, ...] = (),
        theme_id: UUID | None = None,
        region_id: UUID | None = None,
    ) -> list[views.RequestView]:
        if service_id is not None:
            found = self.views.requests.for_service(service_id)
            rows = [r for r in found if not states or r.state in states]
        else:
            rows = self.views.requests.queue(
                states=states or ALL_STATES, theme_id=theme_id, region_id=region_id, limit=MOST
            )
        return sorted((_request(r) for r in rows), key=lambda r: r.submitted_at)

    def engagements(
        self, *, service_id: UUID | None = None, expert_id: UUID | None = None
    ) -> list[views.EngagementView]:
        found = self.views.requests.engagements(service_id=service_id, expert_id=expert_id)
        return [_engagement(e) for e in found]

    def bookings(
        self,
        *,
        service_id: UUID | None = None,
        provider_id: UUID | None = None,
        engagement_id: UUID | None = None,
    ) -> list[views.BookingView]:
        queries = self.views.bookings
        if engagement_id is not None:
            found = queries.for_engagement(engagement_id)
        elif service_id is not None:
            found = queries.for_service(service_id, when="all", limit=MOST)
        else:
            assert provider_id is not None, "bookings of a service, provider or engagement"
            found = queries.for_provider(provider_id, when="all", limit=MOST)
        return [_booking(b) for b in found]

    def free_slots(self, search: SlotSearch) -> SlotPage:
        page = self.views.availability.search(
            theme_id=search.theme_id,
            kind=search.provider_kind,
            provider_id=search.provider_id,
            region_id=search.region_id,
            mode=search.mode,
            first_day=search.first_day,
            last_day=search.last_day,
            exclude_service_id=search.exclude_service_id,
            limit=search.limit,
            after=search.after,
            notice=search.notice,
        )
        slots = [
            Slot(
                s.provider_id,
                s.kind,
                s.window_id,
                s.start,
                s.end,
                s.mode,
                s.location,
                list(s.theme_ids),
                s.seats,
                s.region_id,
            )
            for s in page.slots
        ]
        return SlotPage(slots, page.next_cursor)

    def history(self, subject_id: UUID, as_of: datetime | None = None) -> History:
        found = self.views.history.for_subject(self._kind_of(subject_id), subject_id, as_of)
        return History(
            entries=[
                HistoryEntry(e.position, e.at, e.actor_id, e.kind, e.aggregate_id, e.sentence)
                for e in found.entries
            ],
            requests=list(found.requests),
            engagements=list(found.engagements),
            bookings=list(found.bookings),
        )

    def _kind_of(self, subject_id: UUID) -> str:
        known = self.views.registry.kind_of(subject_id)
        if known in ("service", "person"):
            return known
        for kind in SUBJECT_KINDS:
            if self.views.history.for_subject(kind, subject_id).entries:
                return kind
        return "booking"


ALL_STATES = (
    "submitted",
    "shortlisted",
    "approved",
    "declined",
    "matched",
    "completed",
    "closed",
    "withdrawn",
)


def _request(r: Any) -> views.RequestView:
    return views.RequestView(
        id=r.request_id,
        service_id=r.service_id,
        theme_id=r.theme_id,
        need=r.need,
        outcomes=r.outcomes,
        preferred_from=r.preferred_from,
        preferred_to=r.preferred_to,
        hours_hoped=r.hours_hoped,
        state=r.state,
        reason=r.reason,
        engagement_id=r.engagement_id,
        submitted_at=r.submitted_at,
    )


def _engagement(e: Any) -> views.EngagementView:
    return views.EngagementView(
        id=e.engagement_id,
        request_id=e.request_id,
        service_id=e.service_id,
        expert_id=e.expert_id,
        theme_id=e.theme_id,
        allowance_minutes=e.allowance_minutes,
        booked_minutes=e.booked_minutes,
        used_minutes=e.used_minutes,
        starts_on=e.starts_on,
        ends_on=e.ends_on,
        state=e.state,
    )


def _booking(b: Any) -> views.BookingView:
    return views.BookingView(
        id=b.booking_id,
        service_id=b.service_id,
        provider_id=b.provider_id,
        booked_by=b.booked_by,
        window_id=b.window_id,
        theme_id=b.theme_id,
        engagement_id=b.engagement_id,
        cover=b.cover,
        start=b.start,
        end=b.end,
        mode=b.mode,
        location=b.location,
        seats=b.seats,
        status=b.status,
        hold_until=b.hold_until,
        sequence=b.sequence,
        cancelled_by_side=b.cancelled_by_side,
        reason=b.reason,
        outcome=b.outcome,
        rating=b.rating,
    )

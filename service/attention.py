"""What needs programme staff's attention, for their home page: requests waiting (by how
long), holds about to lapse, engagements ending with hours unused, sessions over that
nobody recorded, and experts' changes of themes waiting for approval. A regional
engagement manager sees their own region's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from projections.bookings_read import BookingSummary
from projections.people_read import PersonEntry
from projections.read_models import ReadModels
from projections.requests_read import OPEN_STATES, EngagementSummary, RequestSummary
from service.figures import AGE_BANDS, in_band

LAPSING_WITHIN = timedelta(hours=24)
ENDING_WITHIN = timedelta(weeks=4)
MOST = 500
Ours = Callable[[UUID], bool]


@dataclass(frozen=True)
class Attention:
    """``region_id`` is the region looked at (None: the whole programme); ``waiting_by_age``
    counts requests waiting in each of ``service.figures.AGE_BANDS``."""

    region_id: UUID | None
    waiting: list[RequestSummary]
    waiting_by_age: list[tuple[str, int]]
    holds_lapsing: list[BookingSummary]
    engagements_ending: list[EngagementSummary]
    not_recorded: list[BookingSummary]
    themes_waiting: list[PersonEntry]
    """Experts whose change of themes waits for approval (across the programme)."""


def attention(read_models: ReadModels, region_id: UUID | None, now: datetime) -> Attention:
    waiting = read_models.requests.queue(states=OPEN_STATES, region_id=region_id, limit=MOST)
    ours = _services(read_models, region_id)
    worklists = read_models.worklists
    last_day = (now + ENDING_WITHIN).date()
    ending = [
        e
        for e in read_models.requests.engagements(state="active")
        if e.ends_on <= last_day and e.minutes_left > 0 and ours(e.service_id)
    ]
    return Attention(
        region_id=region_id,
        waiting=waiting,
        waiting_by_age=[
            (label, sum(1 for r in waiting if in_band(r.days_waiting, low, high)))
            for label, low, high in AGE_BANDS
        ],
        holds_lapsing=_bookings(
            read_models, worklists.holds_lapsing(now, now + LAPSING_WITHIN), ours
        ),
        engagements_ending=sorted(ending, key=lambda e: (e.ends_on, e.service_name)),
        not_recorded=_bookings(read_models, worklists.not_recorded(now), ours),
        themes_waiting=read_models.people.themes_waiting(),
    )


def _services(read_models: ReadModels, region_id: UUID | None) -> Ours:
    """Whether a library service is in the region looked at."""
    if region_id is None:
        return lambda service_id: True
    found = {s.service_id for s in read_models.registry.services(region_id)}
    return lambda service_id: service_id in found


def _bookings(read_models: ReadModels, ids: list[UUID], ours: Ours) -> list[BookingSummary]:
    found = [read_models.bookings.get(booking_id) for booking_id in ids]
    return [b for b in found if b is not None and ours(b.service_id)]

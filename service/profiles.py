"""An expert as programme staff see them when matching: their themes, engagements, sessions
held and missed, ratings, and free time in the next four weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.time import london_date
from projections.bookings_read import BookingSummary
from projections.people_read import PersonEntry
from projections.read_models import ReadModels
from projections.requests_read import EngagementSummary

AHEAD = timedelta(weeks=4)
MOST = 500
FREE_COUNTED = 100


@dataclass(frozen=True)
class ExpertProfile:
    """``free_minutes`` counts the free sessions of the next four weeks (at most
    ``FREE_COUNTED`` of them); sessions are those of engagements and peer support alike."""

    expert: PersonEntry
    engagements: list[EngagementSummary]
    upcoming: list[BookingSummary]
    held: int
    no_shows: int
    ratings: list[int]
    free_minutes: int

    @property
    def average_rating(self) -> float | None:
        return sum(self.ratings) / len(self.ratings) if self.ratings else None


def expert_profile(read_models: ReadModels, expert: PersonEntry, now: datetime) -> ExpertProfile:
    sessions = read_models.bookings.for_provider(expert.person_id, when="all", limit=MOST)
    confirmed = [b for b in sessions if b.status == "confirmed"]
    free = read_models.availability.search(
        provider_id=expert.person_id,
        first_day=london_date(now),
        last_day=london_date(now + AHEAD),
        limit=FREE_COUNTED,
    )
    return ExpertProfile(
        expert=expert,
        engagements=read_models.requests.engagements(expert_id=expert.person_id),
        upcoming=[b for b in confirmed if b.start > now],
        held=sum(1 for b in confirmed if b.outcome == "held"),
        no_shows=sum(1 for b in confirmed if b.outcome == "no_show"),
        ratings=[b.rating for b in sessions if b.rating is not None],
        free_minutes=sum(int((s.end - s.start).total_seconds()) // 60 for s in free.slots),
    )

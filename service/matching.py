"""Experts to suggest for a request, ranked by theme fit, free time and current load: what
programme staff choose from when they match, on the page and through the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.engagements import EngagementState
from domain.people import AccountStatus
from domain.time import london_date
from projections.people_read import PersonEntry
from projections.read_models import ReadModels
from projections.requests_read import RequestSummary
from service.access import require_programme_staff
from service.context import Context
from service.figures import Hours
from service.requests import Requests

FREE_SLOTS_COUNTED = 50


@dataclass(frozen=True)
class Suggestion:
    expert: PersonEntry
    fits_theme: bool
    free_minutes: int
    active_engagements: int
    reasons: list[str]

    @property
    def rank(self) -> tuple[int, int, int]:
        """Theme first; then free time (any beyond 10 hours counts the same); then load."""
        return (not self.fits_theme, -min(self.free_minutes, 600), self.active_engagements)


class Matching:
    def __init__(self, ctx: Context, requests: Requests, read_models: ReadModels) -> None:
        self.ctx = ctx
        self.requests = requests
        self.read_models = read_models

    def suggest(self, actor: UUID, request_id: UUID) -> list[Suggestion]:
        """Every active expert, best first, each with the reasons for its place."""
        require_programme_staff(self.ctx, actor)
        request = self.requests.request(actor, request_id)
        now = self.ctx.clock.now()
        found = []
        for expert in self.read_models.people.people(role="expert"):
            if expert.status != AccountStatus.ACTIVE:
                continue
            fits = request.theme_id in expert.theme_ids
            free, counted_all = self._free_minutes(request, expert, fits, now)
            load = len(
                self.read_models.requests.engagements(
                    expert_id=expert.person_id, state=EngagementState.ACTIVE
                )
            )
            reasons = _reasons(request, fits, free, counted_all, load)
            found.append(Suggestion(expert, fits, free, load, reasons))
        return sorted(found, key=lambda s: s.rank)

    def _free_minutes(
        self, request: RequestSummary, expert: PersonEntry, fits: bool, now: datetime
    ) -> tuple[int, bool]:
        """Minutes of free sessions in what is left of the preferred dates (none once they
        have passed), and whether that is all of them (only the first
        ``FREE_SLOTS_COUNTED`` sessions are counted)."""
        first = max(request.preferred_from or london_date(now), london_date(now))
        if request.preferred_to is not None and request.preferred_to < first:
            return 0, True
        page = self.read_models.availability.search(
            theme_id=request.theme_id if fits else None,
            provider_id=expert.person_id,
            first_day=first,
            last_day=request.preferred_to,
            limit=FREE_SLOTS_COUNTED,
        )
        minutes = sum(int((slot.end - slot.start).total_seconds()) // 60 for slot in page.slots)
        return minutes, len(page.slots) < FREE_SLOTS_COUNTED


def _reasons(
    request: RequestSummary, fits: bool, free: int, counted_all: bool, load: int
) -> list[str]:
    dates = (
        "in the preferred dates" if request.preferred_from or request.preferred_to else "coming up"
    )
    hours = Hours(free)
    amount = f"{hours} hour{'' if str(hours) == '1' else 's'}"
    return [
        "Covers this theme" if fits else "Does not cover this theme",
        f"{'' if counted_all else 'at least '}{amount} free {dates}"
        f" ({request.hours_hoped:g} hoped for)",
        f"{load} active engagement{'s' if load != 1 else ''}",
    ]

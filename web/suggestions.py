"""Experts to suggest for a request, ranked by theme fit, free time and current load."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.time import london_date
from service.views import PersonView, RequestView
from web.lists import Lists, SlotSearch


@dataclass(frozen=True)
class Suggestion:
    expert: PersonView
    fits_theme: bool
    free_slots: int
    active_engagements: int
    reasons: list[str]

    @property
    def rank(self) -> tuple[int, int, int]:
        return (not self.fits_theme, -min(self.free_slots, 10), self.active_engagements)


def suggest(lists: Lists, request: RequestView, now: datetime) -> list[Suggestion]:
    """Every active expert, best first, each with the reasons for its place."""
    found = []
    for expert in lists.people(role="expert"):
        if expert.status != "active":
            continue
        fits = request.theme_id in expert.theme_ids
        free = _free_slots(lists, request, expert, fits, now)
        load = sum(e.state == "active" for e in lists.engagements(expert_id=expert.id))
        reasons = [
            "Covers this theme" if fits else "Does not cover this theme",
            f"{free} free slot{'s' if free != 1 else ''} in the preferred dates"
            if request.preferred_from or request.preferred_to
            else f"{free} free slot{'s' if free != 1 else ''} coming up",
            f"{load} active engagement{'s' if load != 1 else ''}",
        ]
        found.append(Suggestion(expert, fits, free, load, reasons))
    return sorted(found, key=lambda s: s.rank)


def _free_slots(
    lists: Lists, request: RequestView, expert: PersonView, fits: bool, now: datetime
) -> int:
    """Free slots in what is left of the preferred dates (none once they have passed)."""
    first = max(request.preferred_from or london_date(now), london_date(now))
    if request.preferred_to is not None and request.preferred_to < first:
        return 0
    search = SlotSearch(
        theme_id=request.theme_id if fits else None,
        provider_id=expert.id,
        first_day=first,
        last_day=request.preferred_to,
        limit=50,
    )
    return len(lists.free_slots(search, now))

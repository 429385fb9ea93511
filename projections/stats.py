"""Programme statistics, counted from the requests and bookings views.

Months are London calendar months: of submission for requests, of commissioning for
allocated hours, of the session for everything booked, held or rated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain.errors import InvalidInput
from infrastructure.database import Database, Row
from projections.registry import Reference
from projections.stats_filters import EVERYTHING, Filters, where_within

DIMENSIONS = {
    "theme": "x.theme_id",
    "region": "s.region_id",
    "service": "x.service_id",
    "month": "x.month",
}
Key = tuple[str | None, str | None, str | None, str | None]


@dataclass
class ProgrammeStats:
    """One line of the programme's figures, for a theme, region and month (a dimension not
    asked for is None, meaning all)."""

    theme_id: UUID | None
    theme_name: str
    region_id: UUID | None
    region_name: str
    service_id: UUID | None
    month: str | None
    requests_by_state: dict[str, int] = field(default_factory=dict)
    requests_matched: int = 0
    average_days_to_match: float | None = None
    minutes_allocated: int = 0
    minutes_booked: int = 0
    minutes_used: int = 0
    expert_sessions_held: int = 0
    peer_sessions_held: int = 0
    expert_no_shows: int = 0
    peer_no_shows: int = 0
    ratings: int = 0
    average_rating: float | None = None

    @property
    def sessions_held(self) -> int:
        """Sessions held, expert and peer."""
        return self.expert_sessions_held + self.peer_sessions_held

    @property
    def no_shows(self) -> int:
        """No-shows, expert and peer."""
        return self.expert_no_shows + self.peer_no_shows


@dataclass(frozen=True)
class PeerHours:
    """Peer support a library service gave (its peers' sessions held, a group session
    counted once) and received (its bookings of other services' peers held)."""

    service_id: UUID
    service_name: str
    region_id: UUID | None
    minutes_given: int
    minutes_received: int


@dataclass(frozen=True)
class RatingCount:
    """How many expert and peer sessions were given one rating (1 to 5)."""

    rating: int
    expert: int
    peer: int


class StatsQueries:
    def __init__(self, views: Database, reference: Reference) -> None:
        self.views = views
        self.reference = reference

    def programme(
        self,
        *,
        by: Sequence[str] = ("theme", "region", "month"),
        within: Filters = EVERYTHING,
    ) -> list[ProgrammeStats]:
        """The programme's figures grouped ``by`` any of theme, region, library service and
        month (``YYYY-MM``), counting only what is ``within`` the filters."""
        unknown = [name for name in by if name not in DIMENSIONS]
        if unknown:
            raise InvalidInput("group by theme, region, service or month", field="by")
        lines: dict[Key, ProgrammeStats] = {}
        scope = _Scope(by, within)
        self._requests(scope, lines)
        self._allocated(scope, lines)
        self._sessions(scope, lines)
        return self._named(lines)

    def _grouped(self, scope: _Scope, table: str, measures: str) -> list[Row]:
        where, params = scope.where()
        return self.views.query(
            f"SELECT {scope.select()}, {measures} FROM {{{table}}} x"
            " LEFT JOIN {view_services} s ON s.service_id = x.service_id"
            f" WHERE {where} GROUP BY {scope.group()}",
            params,
        )

    def _requests(self, scope: _Scope, lines: dict[Key, ProgrammeStats]) -> None:
        where, params = scope.where()
        rows = self.views.query(
            f"SELECT {scope.select()}, x.state AS state, COUNT(*) AS n"
            " FROM {view_requests} x LEFT JOIN {view_services} s ON s.service_id = x.service_id"
            f" WHERE {where} GROUP BY {scope.group()}, x.state",
            params,
        )
        for row in rows:
            line = _line(lines, scope.key(row))
            line.requests_by_state[row["state"]] = int(row["n"])
        matched = self.views.query(
            f"SELECT {scope.select()}, x.submitted_at, x.matched_at FROM {{view_requests}} x"
            " LEFT JOIN {view_services} s ON s.service_id = x.service_id"
            f" WHERE {where} AND x.matched_at IS NOT NULL",
            params,
        )
        waits: dict[Key, list[float]] = defaultdict(list)
        for row in matched:
            waits[scope.key(row)].append(_days_between(row["submitted_at"], row["matched_at"]))
        for key, days in waits.items():
            line = _line(lines, key)
            line.requests_matched = len(days)
            line.average_days_to_match = round(sum(days) / len(days), 1)

    def _allocated(self, scope: _Scope, lines: dict[Key, ProgrammeStats]) -> None:
        for row in self._grouped(scope, "view_engagements", "SUM(x.allowance_minutes) AS m"):
            _line(lines, scope.key(row)).minutes_allocated = int(row["m"] or 0)

    def _sessions(self, scope: _Scope, lines: dict[Key, ProgrammeStats]) -> None:
        measures = (
            "SUM(CASE WHEN x.engagement_id IS NOT NULL AND x.status IN ('held', 'confirmed')"
            " THEN x.minutes ELSE 0 END) AS booked,"
            " SUM(CASE WHEN x.engagement_id IS NOT NULL AND x.status = 'confirmed'"
            " AND x.outcome = 'held' THEN x.minutes ELSE 0 END) AS used,"
            f" {_count('x.engagement_id IS NOT NULL', 'held')} AS expert_held,"
            f" {_count('x.engagement_id IS NULL', 'held')} AS peer_held,"
            f" {_count('x.engagement_id IS NOT NULL', 'no_show')} AS expert_no_shows,"
            f" {_count('x.engagement_id IS NULL', 'no_show')} AS peer_no_shows,"
            " COUNT(x.rating) AS ratings, SUM(x.rating) AS rating_total"
        )
        for row in self._grouped(scope, "view_bookings", measures):
            line = _line(lines, scope.key(row))
            line.minutes_booked = int(row["booked"] or 0)
            line.minutes_used = int(row["used"] or 0)
            line.expert_sessions_held = int(row["expert_held"] or 0)
            line.peer_sessions_held = int(row["peer_held"] or 0)
            line.expert_no_shows = int(row["expert_no_shows"] or 0)
            line.peer_no_shows = int(row["peer_no_shows"] or 0)
            line.ratings = int(row["ratings"] or 0)
            if line.ratings:
                line.average_rating = round(int(row["rating_total"]) / line.ratings, 2)

    def _named(self, lines: dict[Key, ProgrammeStats]) -> list[ProgrammeStats]:
        names = self.reference.names(
            themes={line.theme_id for line in lines.values() if line.theme_id}
        )
        for line in lines.values():
            line.theme_name = names.theme(line.theme_id) if line.theme_id else ""
            line.region_name = names.regions.get(line.region_id, "") if line.region_id else ""
        return [lines[key] for key in sorted(lines, key=lambda k: tuple(p or "" for p in k))]

    def peer_hours(self, *, within: Filters = EVERYTHING) -> list[PeerHours]:
        """Peer hours given and received per library service (of the filters' region)."""
        where, params = where_within(within, region=None)
        held = "x.engagement_id IS NULL AND x.status = 'confirmed' AND x.outcome = 'held'"
        given = self.views.query(
            "SELECT p.service_id, SUM(g.minutes) AS m FROM (SELECT DISTINCT x.provider_id,"
            f" x.window_id, x.starts_at, x.minutes FROM {{view_bookings}} x WHERE {held}"
            f" AND {where}) g JOIN {{view_people}} p ON p.person_id = g.provider_id"
            " WHERE p.service_id IS NOT NULL GROUP BY p.service_id",
            params,
        )
        received = self.views.query(
            "SELECT x.service_id, SUM(x.minutes) AS m FROM {view_bookings} x"
            f" WHERE {held} AND {where} GROUP BY x.service_id",
            params,
        )
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in given:
            totals[row["service_id"]][0] = int(row["m"])
        for row in received:
            totals[row["service_id"]][1] = int(row["m"])
        services = {
            row["service_id"]: row
            for row in self.views.query("SELECT service_id, name, region_id FROM {view_services}")
        }
        found = [
            PeerHours(
                service_id=UUID(service_id),
                service_name=services[service_id]["name"] if service_id in services else "",
                region_id=UUID(services[service_id]["region_id"])
                if service_id in services
                else None,
                minutes_given=given_minutes,
                minutes_received=received_minutes,
            )
            for service_id, (given_minutes, received_minutes) in totals.items()
        ]
        if within.region_id is not None:
            found = [line for line in found if line.region_id == within.region_id]
        return sorted(found, key=lambda line: line.service_name)

    def days_to_match(self, *, within: Filters = EVERYTHING) -> list[float]:
        """For each request matched (submitted in the filters' months), the days from its
        submission to its match."""
        where, params = where_within(within, region="s.region_id")
        rows = self.views.query(
            "SELECT x.submitted_at, x.matched_at FROM {view_requests} x"
            " LEFT JOIN {view_services} s ON s.service_id = x.service_id"
            f" WHERE {where} AND x.matched_at IS NOT NULL",
            params,
        )
        return [_days_between(row["submitted_at"], row["matched_at"]) for row in rows]

    def ratings(self, *, within: Filters = EVERYTHING) -> list[RatingCount]:
        """How many sessions (of the filters' months) were rated 1 to 5, expert and peer."""
        where, params = where_within(within, region="s.region_id")
        rows = self.views.query(
            "SELECT x.rating, SUM(CASE WHEN x.engagement_id IS NOT NULL THEN 1 ELSE 0 END)"
            " AS expert, SUM(CASE WHEN x.engagement_id IS NULL THEN 1 ELSE 0 END) AS peer"
            " FROM {view_bookings} x LEFT JOIN {view_services} s ON s.service_id = x.service_id"
            f" WHERE {where} AND x.rating IS NOT NULL GROUP BY x.rating",
            params,
        )
        counts = {int(row["rating"]): row for row in rows}
        return [
            RatingCount(
                rating,
                int(counts[rating]["expert"]) if rating in counts else 0,
                int(counts[rating]["peer"]) if rating in counts else 0,
            )
            for rating in range(5, 0, -1)
        ]


class _Scope:
    """The dimensions asked for, and the months to count."""

    def __init__(self, by: Sequence[str], within: Filters) -> None:
        self.by = [name for name in DIMENSIONS if name in by]
        self.within = within

    def select(self) -> str:
        columns = [f"{DIMENSIONS[name]} AS {name}" for name in self.by]
        return ", ".join(columns) or "1 AS everything"

    def group(self) -> str:
        return ", ".join(DIMENSIONS[name] for name in self.by) or "1"

    def where(self) -> tuple[str, list[object]]:
        return where_within(self.within, region="s.region_id")

    def key(self, row: Row) -> Key:
        theme, region, service, month = (
            row.get(name) if name in self.by else None for name in DIMENSIONS
        )
        return theme, region, service, month


def _line(lines: dict[Key, ProgrammeStats], key: Key) -> ProgrammeStats:
    line = lines.get(key)
    if line is None:
        theme, region, service, month = key
        line = lines[key] = ProgrammeStats(
            theme_id=UUID(theme) if theme else None,
            theme_name="",
            region_id=UUID(region) if region else None,
            region_name="",
            service_id=UUID(service) if service else None,
            month=month,
        )
    return line


def _days_between(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 86400


def _count(side: str, outcome: str) -> str:
    """SQL counting the sessions of one side (expert: on an engagement; peer: not) with
    ``outcome``."""
    return f"SUM(CASE WHEN {side} AND x.outcome = '{outcome}' THEN 1 ELSE 0 END)"

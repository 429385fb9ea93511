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

DIMENSIONS = {"theme": "x.theme_id", "region": "s.region_id", "month": "x.month"}
Key = tuple[str | None, str | None, str | None]


@dataclass
class ProgrammeStats:
    """One line of the programme's figures, for a theme, region and month (a dimension not
    asked for is None, meaning all)."""

    theme_id: UUID | None
    theme_name: str
    region_id: UUID | None
    region_name: str
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


class StatsQueries:
    def __init__(self, views: Database, reference: Reference) -> None:
        self.views = views
        self.reference = reference

    def programme(
        self,
        *,
        by: Sequence[str] = ("theme", "region", "month"),
        first_month: str | None = None,
        last_month: str | None = None,
    ) -> list[ProgrammeStats]:
        """The programme's figures grouped ``by`` any of theme, region and month
        (``YYYY-MM``, optionally limited to ``first_month``..``last_month``)."""
        unknown = [name for name in by if name not in DIMENSIONS]
        if unknown:
            raise InvalidInput("group by theme, region or month", field="by")
        for value, name in ((first_month, "first_month"), (last_month, "last_month")):
            if value is not None:
                _check_month(value, name)
        lines: dict[Key, ProgrammeStats] = {}
        scope = _Scope(by, first_month, last_month)
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
            wait = datetime.fromisoformat(row["matched_at"]) - datetime.fromisoformat(
                row["submitted_at"]
            )
            waits[scope.key(row)].append(wait.total_seconds() / 86400)
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

    def peer_hours(self, *, region_id: UUID | None = None) -> list[PeerHours]:
        """Peer hours given and received per library service (of one region)."""
        given = self.views.query(
            "SELECT p.service_id, SUM(x.minutes) AS m FROM (SELECT DISTINCT provider_id,"
            " window_id, starts_at, minutes FROM {view_bookings} WHERE engagement_id IS NULL"
            " AND status = 'confirmed' AND outcome = 'held') x"
            " JOIN {view_people} p ON p.person_id = x.provider_id"
            " WHERE p.service_id IS NOT NULL GROUP BY p.service_id"
        )
        received = self.views.query(
            "SELECT service_id, SUM(minutes) AS m FROM {view_bookings}"
            " WHERE engagement_id IS NULL AND status = 'confirmed' AND outcome = 'held'"
            " GROUP BY service_id"
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
        if region_id is not None:
            found = [line for line in found if line.region_id == region_id]
        return sorted(found, key=lambda line: line.service_name)


class _Scope:
    """The dimensions asked for, and the months to count."""

    def __init__(self, by: Sequence[str], first: str | None, last: str | None) -> None:
        self.by = [name for name in DIMENSIONS if name in by]
        self.first = first
        self.last = last

    def select(self) -> str:
        columns = [f"{DIMENSIONS[name]} AS {name}" for name in self.by]
        return ", ".join(columns) or "1 AS everything"

    def group(self) -> str:
        return ", ".join(DIMENSIONS[name] for name in self.by) or "1"

    def where(self) -> tuple[str, list[object]]:
        conditions, params = ["1 = 1"], []
        if self.first is not None:
            conditions.append("x.month >= ?")
            params.append(self.first)
        if self.last is not None:
            conditions.append("x.month <= ?")
            params.append(self.last)
        return " AND ".join(conditions), list(params)

    def key(self, row: Row) -> Key:
        return (
            row.get("theme") if "theme" in self.by else None,
            row.get("region") if "region" in self.by else None,
            row.get("month") if "month" in self.by else None,
        )


def _line(lines: dict[Key, ProgrammeStats], key: Key) -> ProgrammeStats:
    line = lines.get(key)
    if line is None:
        theme, region, month = key
        line = lines[key] = ProgrammeStats(
            theme_id=UUID(theme) if theme else None,
            theme_name="",
            region_id=UUID(region) if region else None,
            region_name="",
            month=month,
        )
    return line


def _count(side: str, outcome: str) -> str:
    """SQL counting the sessions of one side (expert: on an engagement; peer: not) with
    ``outcome``."""
    return f"SUM(CASE WHEN {side} AND x.outcome = '{outcome}' THEN 1 ELSE 0 END)"


def _check_month(value: str, name: str) -> None:
    try:
        datetime.strptime(value, "%Y-%m")
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} must be a month such as 2027-03", field=name) from None

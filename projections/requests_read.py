"""Reading the requests view: programme staff's queue of expressions of interest, a
service's own requests, and engagements with their hours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from domain.errors import InvalidInput
from domain.requests import RequestState
from infrastructure.clock import Clock
from infrastructure.database import Database, Row
from infrastructure.stored_values import (
    instant,
    key,
    marks,
    maybe_to_day,
    maybe_to_instant,
    maybe_uuid,
    to_instant,
)
from projections.registry import Names, Reference

OPEN_STATES = ("submitted", "shortlisted", "approved")
ANY_STATE = tuple(state.value for state in RequestState)
MAX_LIMIT = 500


@dataclass(frozen=True)
class RequestSummary:
    """An expression of interest as it stands. ``waiting`` runs from submission to now
    while it is open (submitted, shortlisted or approved), else to its last move."""

    request_id: UUID
    service_id: UUID
    service_name: str
    region_id: UUID | None
    region_name: str
    theme_id: UUID
    theme_name: str
    state: str
    need: str
    outcomes: str
    hours_hoped: int | float
    preferred_from: date | None
    preferred_to: date | None
    reason: str
    engagement_id: UUID | None
    expert_id: UUID | None
    submitted_at: datetime
    matched_at: datetime | None
    changed_at: datetime
    waiting: timedelta

    @property
    def days_waiting(self) -> int:
        return self.waiting.days


@dataclass(frozen=True)
class EngagementSummary:
    """An engagement and its hours: booked counts held and confirmed sessions, used those
    recorded as held."""

    engagement_id: UUID
    request_id: UUID
    service_id: UUID
    service_name: str
    expert_id: UUID
    expert_name: str
    theme_id: UUID
    theme_name: str
    allowance_minutes: int
    booked_minutes: int
    used_minutes: int
    starts_on: date
    ends_on: date
    state: str

    @property
    def minutes_left(self) -> int:
        return self.allowance_minutes - self.booked_minutes


class RequestQueries:
    def __init__(self, views: Database, reference: Reference, clock: Clock) -> None:
        self.views = views
        self.reference = reference
        self.clock = clock

    def queue(
        self,
        *,
        states: Sequence[str] = OPEN_STATES,
        theme_id: UUID | None = None,
        region_id: UUID | None = None,
        waiting_days: int | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[RequestSummary]:
        """Requests in ``states`` (by default the open ones), longest waiting first;
        optionally of one theme, from services of one region, waiting at least
        ``waiting_days``."""
        known = {state.value for state in RequestState}
        unknown = [state for state in states if state not in known]
        if unknown or not states:
            raise InvalidInput(f"states are {', '.join(sorted(known))}", field="states")
        if not 1 <= limit <= MAX_LIMIT or offset < 0:
            raise InvalidInput(f"ask for between 1 and {MAX_LIMIT} requests", field="limit")
        where = [f"r.state IN ({marks(len(states))})"]
        params: list[object] = list(states)
        if theme_id is not None:
            where.append("r.theme_id = ?")
            params.append(key(theme_id))
        if region_id is not None:
            where.append("s.region_id = ?")
            params.append(key(region_id))
        if waiting_days is not None:
            if waiting_days < 0:
                raise InvalidInput("waiting days cannot be negative", field="waiting_days")
            where.append("r.submitted_at <= ?")
            params.append(instant(self.clock.now() - timedelta(days=waiting_days)))
        rows = self.views.query(
            "SELECT r.*, s.region_id FROM {view_requests} r"
            " LEFT JOIN {view_services} s ON s.service_id = r.service_id"
            f" WHERE {' AND '.join(where)} ORDER BY r.submitted_at, r.request_id"
            " LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return self._summaries(rows)

    def for_service(self, service_id: UUID) -> list[RequestSummary]:
        """A library service's requests, newest first, in every state."""
        return self._where("r.service_id = ?", key(service_id))

    def get(self, request_id: UUID) -> RequestSummary | None:
        found = self._where("r.request_id = ?", key(request_id))
        return found[0] if found else None

    def _where(self, condition: str, value: str) -> list[RequestSummary]:
        rows = self.views.query(
            "SELECT r.*, s.region_id FROM {view_requests} r"
            " LEFT JOIN {view_services} s ON s.service_id = r.service_id"
            f" WHERE {condition} ORDER BY r.submitted_at DESC, r.request_id",
            (value,),
        )
        return self._summaries(rows)

    def engagements(
        self,
        *,
        service_id: UUID | None = None,
        expert_id: UUID | None = None,
        state: str | None = None,
        engagement_id: UUID | None = None,
    ) -> list[EngagementSummary]:
        """Engagements (of a service, of an expert, in a state, or one), latest first, with
        hours booked and used."""
        where, params = ["1 = 1"], []
        chosen = (("service_id", service_id), ("expert_id", expert_id))
        for column, value in (*chosen, ("engagement_id", engagement_id)):
            if value is not None:
                where.append(f"e.{column} = ?")
                params.append(key(value))
        if state is not None:
            where.append("e.state = ?")
            params.append(state)
        rows = self.views.query(
            "SELECT e.*, (SELECT COALESCE(SUM(b.minutes), 0) FROM {view_bookings} b"
            " WHERE b.engagement_id = e.engagement_id AND b.status IN ('held', 'confirmed'))"
            " AS booked, (SELECT COALESCE(SUM(b.minutes), 0) FROM {view_bookings} b"
            " WHERE b.engagement_id = e.engagement_id AND b.status = 'confirmed'"
            " AND b.outcome = 'held') AS used FROM {view_engagements} e"
            f" WHERE {' AND '.join(where)} ORDER BY e.commissioned_at DESC, e.engagement_id",
            params,
        )
        names = self.reference.names(
            services={UUID(r["service_id"]) for r in rows},
            themes={UUID(r["theme_id"]) for r in rows},
            people={UUID(r["expert_id"]) for r in rows},
        )
        return [_engagement(row, names) for row in rows]

    def engagement(self, engagement_id: UUID) -> EngagementSummary | None:
        found = self.engagements(engagement_id=engagement_id)
        return found[0] if found else None

    def _summaries(self, rows: list[Row]) -> list[RequestSummary]:
        self.reference.with_texts(rows, ("need", "outcomes", "reason"))
        names = self.reference.names(
            services={UUID(r["service_id"]) for r in rows},
            themes={UUID(r["theme_id"]) for r in rows},
        )
        now = self.clock.now()
        return [_request(row, names, now) for row in rows]


def _request(row: Row, names: Names, now: datetime) -> RequestSummary:
    submitted = to_instant(row["submitted_at"])
    changed = to_instant(row["changed_at"])
    region = maybe_uuid(row["region_id"])
    return RequestSummary(
        request_id=UUID(row["request_id"]),
        service_id=UUID(row["service_id"]),
        service_name=names.service(UUID(row["service_id"])),
        region_id=region,
        region_name=names.regions.get(region, "") if region else "",
        theme_id=UUID(row["theme_id"]),
        theme_name=names.theme(UUID(row["theme_id"])),
        state=row["state"],
        need=row["need"],
        outcomes=row["outcomes"],
        hours_hoped=_hours(row["hours_hoped"]),
        preferred_from=maybe_to_day(row["preferred_from"]),
        preferred_to=maybe_to_day(row["preferred_to"]),
        reason=row["reason"],
        engagement_id=maybe_uuid(row["engagement_id"]),
        expert_id=maybe_uuid(row["expert_id"]),
        submitted_at=submitted,
        matched_at=maybe_to_instant(row["matched_at"]),
        changed_at=changed,
        waiting=(now if row["state"] in OPEN_STATES else changed) - submitted,
    )


def _engagement(row: Row, names: Names) -> EngagementSummary:
    return EngagementSummary(
        engagement_id=UUID(row["engagement_id"]),
        request_id=UUID(row["request_id"]),
        service_id=UUID(row["service_id"]),
        service_name=names.service(UUID(row["service_id"])),
        expert_id=UUID(row["expert_id"]),
        expert_name=names.person(UUID(row["expert_id"])),
        theme_id=UUID(row["theme_id"]),
        theme_name=names.theme(UUID(row["theme_id"])),
        allowance_minutes=row["allowance_minutes"],
        booked_minutes=int(row["booked"]),
        used_minutes=int(row["used"]),
        starts_on=date.fromisoformat(row["starts_on"]),
        ends_on=date.fromisoformat(row["ends_on"]),
        state=row["state"],
    )


def _hours(value: float) -> int | float:
    """Hours hoped for as typed: ``8``, or ``7.5`` for a half."""
    return int(value) if float(value).is_integer() else float(value)

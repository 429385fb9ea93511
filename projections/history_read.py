"""Reading the history: every event touching a subject, in order, as sentences, and the
bookings, engagements and requests in it as they stood at a moment (``as_of``).

The states are folded from the same rows as the sentences, so "as of 1 May" shows exactly
what the events up to then had made: a booking cancelled on 2 May is still confirmed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.errors import InvalidInput
from domain.time import as_utc
from projections.base import instant, key, marks
from projections.history import BOOKED_IN_COLUMNS
from projections.registry import Names, Reference
from projections.sentences import actor_name, describe
from service.database import Database, Row

KINDS = {
    "service": "service_id",
    "person": "person_id",
    "request": "request_id",
    "engagement": "engagement_id",
    "booking": "booking_id",
}
FOLLOWED = ("booking_id", "engagement_id", "request_id")
CREATED = {
    "booking_id": "Booking.Booked",
    "engagement_id": "Engagement.Commissioned",
    "request_id": "ExpressionOfInterest.Submitted",
}


@dataclass(frozen=True)
class HistoryEntry:
    """One event, told as a sentence, with who did it and when."""

    position: int
    at: datetime
    actor_id: UUID
    actor_name: str
    kind: str
    sentence: str
    aggregate_id: UUID
    booking_id: UUID | None
    engagement_id: UUID | None
    request_id: UUID | None
    service_id: UUID | None


@dataclass
class BookingState:
    booking_id: UUID
    service_id: UUID
    provider_id: UUID
    engagement_id: UUID | None
    theme_id: UUID
    start: datetime
    end: datetime
    minutes: int
    status: str
    sequence: int = 0
    outcome: str | None = None
    rating: int | None = None
    reason: str = ""


@dataclass
class EngagementState:
    engagement_id: UUID
    request_id: UUID
    service_id: UUID
    expert_id: UUID
    theme_id: UUID
    allowance_minutes: int
    starts_on: date
    ends_on: date
    state: str = "active"
    booked_minutes: int = 0
    used_minutes: int = 0


@dataclass
class RequestState:
    request_id: UUID
    service_id: UUID
    theme_id: UUID
    hours_hoped: int
    submitted_at: datetime
    state: str = "submitted"
    reason: str = ""
    engagement_id: UUID | None = None


@dataclass(frozen=True)
class SubjectHistory:
    """A subject's history up to ``as_of`` (None: up to now), oldest first, and the
    bookings, engagements and requests it includes as they stood then."""

    kind: str
    subject_id: UUID
    as_of: datetime | None
    entries: list[HistoryEntry]
    bookings: list[BookingState] = field(default_factory=list)
    engagements: list[EngagementState] = field(default_factory=list)
    requests: list[RequestState] = field(default_factory=list)


class HistoryQueries:
    def __init__(self, views: Database, reference: Reference) -> None:
        self.views = views
        self.reference = reference

    def for_subject(
        self, kind: str, subject_id: UUID, as_of: datetime | None = None
    ) -> SubjectHistory:
        """Every event that touched the subject (a person's also includes what they did),
        in order; with ``as_of``, only those up to that moment."""
        column = KINDS.get(kind)
        if column is None:
            raise InvalidInput(f"history is kept for {', '.join(KINDS)}", field="kind")
        until = instant(as_utc(as_of, "as_of")) if as_of is not None else None
        own = self._rows(f"{column} = ?", [key(subject_id)], until)
        rows = {row["position"]: row for row in own}
        if kind == "person":
            rows.update(
                {r["position"]: r for r in self._rows("actor_id = ?", [key(subject_id)], until)}
            )
        if kind != "booking":
            self._follow(rows, own, until)
        shown = set(rows)
        self._add_context(rows, until)
        ordered = [rows[p] for p in sorted(rows)]
        names = self._names(ordered)
        fold = _Fold(names)
        entries = [entry for row in ordered if (entry := fold.apply(row, row["position"] in shown))]
        fold.count_hours()
        in_scope = _ids(rows[p] for p in shown)
        return SubjectHistory(
            kind=kind,
            subject_id=subject_id,
            as_of=as_of,
            entries=entries,
            bookings=[b for i, b in fold.bookings.items() if i in in_scope],
            engagements=[e for i, e in fold.engagements.items() if i in in_scope],
            requests=[r for i, r in fold.requests.items() if i in in_scope],
        )

    def _rows(self, condition: str, params: list[Any], until: str | None) -> list[Row]:
        when = " AND at <= ?" if until else ""
        return self.views.query(
            f"SELECT * FROM {{view_history}} WHERE ({condition}){when}",
            [*params, *([until] if until else [])],
        )

    def _related(self, ids: dict[str, set[str]], until: str | None) -> list[Row]:
        found: list[Row] = []
        for column, values in ids.items():
            wanted = sorted(values)
            for offset in range(0, len(wanted), 500):
                chunk = wanted[offset : offset + 500]
                found += self._rows(f"{column} IN ({marks(len(chunk))})", chunk, until)
        return found

    def _follow(self, rows: dict[int, Row], roots: list[Row], until: str | None) -> None:
        """Add every event of the bookings, engagements and requests the subject's own rows
        name, and of those they name in turn (a request's engagement's bookings)."""
        seen: dict[str, set[str]] = {column: set() for column in FOLLOWED}
        frontier = roots
        while frontier:
            new = {
                column: {r[column] for r in frontier if r[column]} - seen[column]
                for column in FOLLOWED
            }
            if not any(new.values()):
                return
            for column, values in new.items():
                seen[column] |= values
            frontier = [r for r in self._related(new, until) if r["position"] not in rows]
            rows.update({r["position"]: r for r in frontier})

    def _add_context(self, rows: dict[int, Row], until: str | None) -> None:
        """Earlier events of the bookings, engagements and requests named, so that a
        sentence can say which session or request it was about."""
        missing: dict[str, set[str]] = {}
        for column, first in CREATED.items():
            named = {r[column] for r in rows.values() if r[column]}
            have = {r[column] for r in rows.values() if r["kind"] == first}
            missing[column] = named - have
        if any(missing.values()):
            extra = self._related(missing, until)
            rows.update({r["position"]: r for r in extra if r["position"] not in rows})

    def _names(self, rows: list[Row]) -> Names:
        people: set[UUID] = set()
        services: set[UUID] = set()
        themes: set[UUID] = set()
        for row in rows:
            data = row["data_parsed"] = _data(row)
            people.add(UUID(row["actor_id"]))
            for name in ("provider_id", "expert_id"):
                if data.get(name):
                    people.add(UUID(data[name]))
            if row["person_id"]:
                people.add(UUID(row["person_id"]))
            if row["kind"].startswith("Person."):
                people.add(UUID(row["aggregate_id"]))
            if row["service_id"]:
                services.add(UUID(row["service_id"]))
            if data.get("service_id"):
                services.add(UUID(data["service_id"]))
            if data.get("theme_id"):
                themes.add(UUID(data["theme_id"]))
            themes.update(UUID(t) for t in data.get("theme_ids") or ())
            if row["kind"].startswith(("Theme.", "LibraryService.")):
                (themes if row["kind"].startswith("Theme.") else services).add(
                    UUID(row["aggregate_id"])
                )
        return self.reference.names(services=services, themes=themes, people=people)


def _data(row: Row) -> dict[str, Any]:
    """The event's data, with what the row keeps in columns put back."""
    data: dict[str, Any] = json.loads(row["data"])
    if row["kind"] == "Booking.Booked":
        for name, column in BOOKED_IN_COLUMNS.items():
            data[name] = row[column]
    return data


def _ids(rows: Iterable[Row]) -> set[UUID]:
    found: set[UUID] = set()
    for row in rows:
        found.update(UUID(row[column]) for column in FOLLOWED if row[column])
    return found


class _Fold:
    """States of bookings, engagements and requests, moved on event by event."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.bookings: dict[UUID, BookingState] = {}
        self.engagements: dict[UUID, EngagementState] = {}
        self.requests: dict[UUID, RequestState] = {}

    def apply(self, row: Row, shown: bool) -> HistoryEntry | None:
        data: dict[str, Any] = row["data_parsed"]
        aggregate_id = UUID(row["aggregate_id"])
        kind: str = row["kind"]
        before = self._state_of(kind, aggregate_id)
        sentence = describe(kind, data, row, before, self) if shown else ""
        self._move(kind, aggregate_id, data, datetime.fromisoformat(row["at"]))
        if not shown:
            return None
        return HistoryEntry(
            position=row["position"],
            at=datetime.fromisoformat(row["at"]),
            actor_id=UUID(row["actor_id"]),
            actor_name=actor_name(self.names, UUID(row["actor_id"])),
            kind=kind,
            sentence=sentence,
            aggregate_id=aggregate_id,
            **{column: _uuid(row[column]) for column in (*FOLLOWED, "service_id")},
        )

    def _state_of(self, kind: str, aggregate_id: UUID) -> Any:
        if kind.startswith("Booking."):
            return self.bookings.get(aggregate_id)
        if kind.startswith("Engagement."):
            return self.engagements.get(aggregate_id)
        if kind.startswith("ExpressionOfInterest."):
            return self.requests.get(aggregate_id)
        return None

    def _move(self, kind: str, aggregate_id: UUID, d: dict[str, Any], at: datetime) -> None:
        aggregate, _, event = kind.partition(".")
        if aggregate == "Booking":
            self._move_booking(event, aggregate_id, d)
        elif aggregate == "Engagement":
            self._move_engagement(event, aggregate_id, d)
        elif aggregate == "ExpressionOfInterest":
            self._move_request(event, aggregate_id, d, at)

    def _move_booking(self, event: str, booking_id: UUID, d: dict[str, Any]) -> None:
        if event == "Booked":
            start, end = datetime.fromisoformat(d["start"]), datetime.fromisoformat(d["end"])
            self.bookings[booking_id] = BookingState(
                booking_id=booking_id,
                service_id=UUID(d["service_id"]),
                provider_id=UUID(d["provider_id"]),
                engagement_id=_uuid(d["engagement_id"]),
                theme_id=UUID(d["theme_id"]),
                start=start,
                end=end,
                minutes=int((end - start).total_seconds() // 60),
                status="held" if d["hold_until"] else "confirmed",
            )
            return
        booking = self.bookings.get(booking_id)
        if booking is None:
            return
        if event == "HoldConfirmed":
            booking.status = "confirmed"
        elif event == "Rescheduled":
            booking.start = datetime.fromisoformat(d["start"])
            booking.end = datetime.fromisoformat(d["end"])
            booking.minutes = int((booking.end - booking.start).total_seconds() // 60)
            booking.sequence += 1
        elif event in ("Cancelled", "Lapsed"):
            booking.status = event.lower()
            booking.reason = d.get("reason", "")
            booking.sequence += 1
        elif event == "SessionRecorded":
            booking.outcome = d["outcome"]
        elif event == "FeedbackGiven":
            booking.rating = d["rating"]

    def count_hours(self) -> None:
        """Hours booked and used of each engagement, from its bookings as they stand."""
        for state in self.engagements.values():
            state.booked_minutes = state.used_minutes = 0
        for booking in self.bookings.values():
            if booking.engagement_id is None or booking.status not in ("held", "confirmed"):
                continue
            engagement = self.engagements.get(booking.engagement_id)
            if engagement is not None:
                engagement.booked_minutes += booking.minutes
                if booking.outcome == "held":
                    engagement.used_minutes += booking.minutes

    def _move_engagement(self, event: str, engagement_id: UUID, d: dict[str, Any]) -> None:
        if event == "Commissioned":
            self.engagements[engagement_id] = EngagementState(
                engagement_id=engagement_id,
                request_id=UUID(d["request_id"]),
                service_id=UUID(d["service_id"]),
                expert_id=UUID(d["expert_id"]),
                theme_id=UUID(d["theme_id"]),
                allowance_minutes=d["allowance_minutes"],
                starts_on=date.fromisoformat(d["starts_on"]),
                ends_on=date.fromisoformat(d["ends_on"]),
            )
            return
        engagement = self.engagements.get(engagement_id)
        if engagement is None:
            return
        if event == "AllowanceChanged":
            engagement.allowance_minutes = d["allowance_minutes"]
            engagement.ends_on = date.fromisoformat(d["ends_on"])
        elif event in ("Completed", "Closed"):
            engagement.state = event.lower()

    def _move_request(self, event: str, request_id: UUID, d: dict[str, Any], at: datetime) -> None:
        if event == "Submitted":
            self.requests[request_id] = RequestState(
                request_id=request_id,
                service_id=UUID(d["service_id"]),
                theme_id=UUID(d["theme_id"]),
                hours_hoped=d["hours_hoped"],
                submitted_at=at,
            )
            return
        request = self.requests.get(request_id)
        if request is None:
            return
        request.state = event.lower()
        request.reason = d.get("reason", request.reason)
        if event == "Matched":
            request.engagement_id = UUID(d["engagement_id"])


def _uuid(value: str | None) -> UUID | None:
    return UUID(value) if value else None

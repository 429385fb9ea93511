"""Reading the bookings view: sessions per library service, provider and engagement, and
the calendar data a person's feed needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.errors import InvalidInput
from infrastructure.clock import Clock
from infrastructure.database import Database, Row
from infrastructure.stored_values import instant, key, maybe_to_instant, maybe_uuid, to_instant
from projections.registry import Names, Reference

WHEN = ("upcoming", "past", "all")
MAX_LIMIT = 500


@dataclass(frozen=True)
class BookingSummary:
    """A booking as it stands now. ``sequence`` counts changes (iCalendar SEQUENCE)."""

    booking_id: UUID
    service_id: UUID
    service_name: str
    provider_id: UUID
    provider_name: str
    booked_by: UUID
    theme_id: UUID
    theme_name: str
    engagement_id: UUID | None
    window_id: UUID
    cover: str
    start: datetime
    end: datetime
    minutes: int
    mode: str
    location: str
    seats: int
    status: str
    hold_until: datetime | None
    sequence: int
    cancelled_by_side: str | None
    declined: bool
    reason: str
    outcome: str | None
    rating: int | None
    booked_at: datetime
    changed_at: datetime
    record: SessionRecord | None = None
    feedback: Feedback | None = None


@dataclass(frozen=True)
class SessionRecord:
    """What the provider recorded after the session, by whom and when."""

    notes: str
    outcomes: str
    actions: str
    recorded_by: UUID
    recorded_at: datetime


@dataclass(frozen=True)
class Feedback:
    """The service's rating and comment on a held session, by whom and when."""

    rating: int
    comment: str
    rated_by: UUID
    rated_at: datetime


@dataclass(frozen=True)
class CalendarEntry:
    """What a calendar feed needs for one booking: its stable id (the UID), its change
    count (SEQUENCE), and whether it is still on (``cancelled`` and ``lapsed`` are off)."""

    booking_id: UUID
    sequence: int
    status: str
    start: datetime
    end: datetime
    service_id: UUID
    service_name: str
    provider_id: UUID
    provider_name: str
    theme_name: str
    cover: str
    mode: str
    location: str
    changed_at: datetime

    @property
    def is_cancelled(self) -> bool:
        return self.status in ("cancelled", "lapsed")


FREE_TEXT_COLUMNS = ("cover", "reason", "notes", "outcomes", "actions", "comment")


class BookingQueries:
    def __init__(self, views: Database, reference: Reference, clock: Clock) -> None:
        self.views = views
        self.reference = reference
        self.clock = clock

    def for_service(
        self, service_id: UUID, *, when: str = "upcoming", limit: int = 100, offset: int = 0
    ) -> list[BookingSummary]:
        """A library service's bookings: ``upcoming`` (soonest first), ``past`` (latest
        first) or ``all`` (by start), every status."""
        return self._list("service_id", service_id, when, limit, offset)

    def for_provider(
        self, provider_id: UUID, *, when: str = "upcoming", limit: int = 100, offset: int = 0
    ) -> list[BookingSummary]:
        """An expert's or peer's bookings, as ``for_service``."""
        return self._list("provider_id", provider_id, when, limit, offset)

    def for_engagement(self, engagement_id: UUID) -> list[BookingSummary]:
        """Every booking drawn on an engagement, by start."""
        return self._list("engagement_id", engagement_id, "all", MAX_LIMIT, 0)

    def peer_month(self, provider_id: UUID, month: str) -> tuple[int, int]:
        """A peer's minutes in a month (``2027-03``), as their cap counts them (a group
        session once): (held, booked in all), booked counting held and still to come."""
        rows = self.views.query(
            "SELECT SUM(minutes) AS booked,"
            " SUM(CASE WHEN outcome = 'held' THEN minutes ELSE 0 END) AS held"
            " FROM (SELECT DISTINCT cap_key, minutes, outcome FROM {view_bookings}"
            " WHERE provider_id = ? AND month = ? AND cap_key IS NOT NULL"
            " AND status IN ('held', 'confirmed')) x",
            (key(provider_id), month),
        )
        return int(rows[0]["held"] or 0), int(rows[0]["booked"] or 0)

    def get(self, booking_id: UUID) -> BookingSummary | None:
        rows = self.views.query(
            "SELECT * FROM {view_bookings} WHERE booking_id = ?", (key(booking_id),)
        )
        return self._summaries(rows)[0] if rows else None

    def _list(
        self, column: str, value: UUID, when: str, limit: int, offset: int
    ) -> list[BookingSummary]:
        if when not in WHEN:
            raise InvalidInput("choose upcoming, past or all", field="when")
        if not 1 <= limit <= MAX_LIMIT or offset < 0:
            raise InvalidInput(f"ask for between 1 and {MAX_LIMIT} bookings", field="limit")
        now = instant(self.clock.now())
        condition, order = {
            "upcoming": (" AND ends_at > ?", "starts_at, booking_id"),
            "past": (" AND ends_at <= ?", "starts_at DESC, booking_id"),
            "all": ("", "starts_at, booking_id"),
        }[when]
        params: list[object] = [key(value), *([now] if condition else []), limit, offset]
        rows = self.views.query(
            f"SELECT * FROM {{view_bookings}} WHERE {column} = ?{condition}"
            f" ORDER BY {order} LIMIT ? OFFSET ?",
            params,
        )
        return self._summaries(rows)

    def _summaries(self, rows: list[Row]) -> list[BookingSummary]:
        self.reference.with_texts(rows, FREE_TEXT_COLUMNS)
        names = _names_for(self.reference, rows)
        return [_summary(row, names) for row in rows]


class CalendarQueries:
    def __init__(self, views: Database, reference: Reference) -> None:
        self.views = views
        self.reference = reference

    def for_person(self, person_id: UUID) -> list[CalendarEntry]:
        """Every booking on a person's calendar, cancelled ones included (a feed must send
        them as cancelled): those they provide, and those of their library service."""
        service_id = self.reference.service_of(person_id)
        rows = self.views.query(
            "SELECT * FROM {view_bookings} WHERE provider_id = ? OR service_id = ?"
            " ORDER BY starts_at, booking_id",
            (key(person_id), key(service_id) if service_id else ""),
        )
        names = _names_for(self.reference, self.reference.with_texts(rows, ("cover",)))
        return [
            CalendarEntry(
                booking_id=UUID(row["booking_id"]),
                sequence=row["sequence"],
                status=row["status"],
                start=to_instant(row["starts_at"]),
                end=to_instant(row["ends_at"]),
                service_id=UUID(row["service_id"]),
                service_name=names.service(UUID(row["service_id"])),
                provider_id=UUID(row["provider_id"]),
                provider_name=names.person(UUID(row["provider_id"])),
                theme_name=names.theme(UUID(row["theme_id"])),
                cover=row["cover"],
                mode=row["mode"],
                location=row["location"],
                changed_at=to_instant(row["changed_at"]),
            )
            for row in rows
        ]


def _names_for(reference: Reference, rows: list[Row]) -> Names:
    return reference.names(
        services={UUID(row["service_id"]) for row in rows},
        themes={UUID(row["theme_id"]) for row in rows},
        people={UUID(row["provider_id"]) for row in rows},
    )


def _summary(row: Row, names: Names) -> BookingSummary:
    return BookingSummary(
        booking_id=UUID(row["booking_id"]),
        service_id=UUID(row["service_id"]),
        service_name=names.service(UUID(row["service_id"])),
        provider_id=UUID(row["provider_id"]),
        provider_name=names.person(UUID(row["provider_id"])),
        booked_by=UUID(row["booked_by"]),
        theme_id=UUID(row["theme_id"]),
        theme_name=names.theme(UUID(row["theme_id"])),
        engagement_id=maybe_uuid(row["engagement_id"]),
        window_id=UUID(row["window_id"]),
        cover=row["cover"],
        start=to_instant(row["starts_at"]),
        end=to_instant(row["ends_at"]),
        minutes=row["minutes"],
        mode=row["mode"],
        location=row["location"],
        seats=row["seats"],
        status=row["status"],
        hold_until=maybe_to_instant(row["hold_until"]),
        sequence=row["sequence"],
        cancelled_by_side=row["cancelled_by_side"],
        declined=bool(row["declined"]),
        reason=row["reason"],
        outcome=row["outcome"],
        rating=row["rating"],
        booked_at=to_instant(row["booked_at"]),
        changed_at=to_instant(row["changed_at"]),
        record=_record(row),
        feedback=_feedback(row),
    )


def _record(row: Row) -> SessionRecord | None:
    if not row["recorded_by"]:
        return None
    return SessionRecord(
        notes=row["notes"],
        outcomes=row["outcomes"],
        actions=row["actions"],
        recorded_by=UUID(row["recorded_by"]),
        recorded_at=to_instant(row["recorded_at"]),
    )


def _feedback(row: Row) -> Feedback | None:
    if not row["rated_by"]:
        return None
    return Feedback(
        rating=row["rating"],
        comment=row["comment"],
        rated_by=UUID(row["rated_by"]),
        rated_at=to_instant(row["rated_at"]),
    )

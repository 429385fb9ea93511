"""The engagement history view: one row per event a person did or that touched a library
service, a person, a request, an engagement or a booking, in the order they happened.

Rows keep ids and the event's own data, never names: sentences are written when the
history is read (``history_read``), with names looked up then, so that erasing a person
removes their name from every history at once. Diary and peer-month events are left out:
they only repeat, as bookkeeping, what the booking events already say.
"""

from __future__ import annotations

import json

from infrastructure.database import Transaction
from infrastructure.stored_events import StoredEvent
from projections.base import EventProjection, on

SUBJECT_COLUMNS = ("service_id", "person_id", "request_id", "engagement_id", "booking_id")
# Left out of every row's data: its time and actor have columns; its aggregate's topic
# (on a created event) says nothing the kind does not.
_ALWAYS_LEFT_OUT = frozenset({"originator_topic", "timestamp", "actor"})
_ENCODE = json.JSONEncoder(separators=(",", ":")).encode

REMOVED_FROM = {  # the column naming the record a removed text was written in, by its kind
    "Booking": "booking_id",
    "ExpressionOfInterest": "request_id",
    "Engagement": "engagement_id",
    "Person": "person_id",
}
BOOKED_IN_COLUMNS = {
    # Where the columns of a Booking.Booked row keep what its data leaves out.
    "service_id": "service_id",
    "provider_id": "person_id",
    "engagement_id": "engagement_id",
    "booking_id": "booking_id",
}
BOOKED_ELSEWHERE = {
    # Also left out of a Booking.Booked row, being in the bookings view and its own
    # later events: a booking's place and terms. Its theme, times and hold stay.
    "window_id",
    "cover",
    "buffer_minutes",
    "seats",
    "mode",
    "location",
}
_BOOKED_LEFT_OUT = _ALWAYS_LEFT_OUT | BOOKED_IN_COLUMNS.keys() | BOOKED_ELSEWHERE


def payload(e: StoredEvent, leave_out: frozenset[str] = _ALWAYS_LEFT_OUT) -> str:
    """The event's own data, as JSON text (ids as hex, instants as UTC ISO text), less
    ``leave_out`` (what the row need not repeat)."""
    return _ENCODE({name: value for name, value in e.state.items() if name not in leave_out})


class HistoryProjection(EventProjection):
    name = "history"
    reads_stored = True

    def schema(self) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS {view_history} ("
            " position BIGINT PRIMARY KEY, at TEXT NOT NULL, actor_id TEXT NOT NULL,"
            " kind TEXT NOT NULL, aggregate_id TEXT NOT NULL, service_id TEXT, person_id TEXT,"
            " request_id TEXT, engagement_id TEXT, booking_id TEXT, data TEXT NOT NULL)",
            *(
                f"CREATE INDEX IF NOT EXISTS view_history_by_{column}"
                f" ON {{view_history}} ({column}) WHERE {column} IS NOT NULL"
                for column in SUBJECT_COLUMNS
            ),
            "CREATE INDEX IF NOT EXISTS view_history_by_actor ON {view_history} (actor_id)",
        ]

    def tables(self) -> list[str]:
        return ["view_history"]

    def _record(
        self,
        tx: Transaction,
        e: StoredEvent,
        position: int,
        *,
        service_id: str | None = None,
        person_id: str | None = None,
        request_id: str | None = None,
        engagement_id: str | None = None,
        booking_id: str | None = None,
        leave_out: frozenset[str] = _ALWAYS_LEFT_OUT,
    ) -> None:
        tx.insert(
            "INSERT INTO {view_history} (position, at, actor_id, kind, aggregate_id, service_id,"
            " person_id, request_id, engagement_id, booking_id, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                position,
                e.timestamp,
                e.actor,
                e.TOPIC.removeprefix("expertbank:"),
                e.originator_id,
                service_id,
                person_id,
                request_id,
                engagement_id,
                booking_id,
                payload(e, leave_out),
            ),
        )

    @on(
        "expertbank:Region.Registered",
        "expertbank:Region.Renamed",
        "expertbank:Theme.Added",
        "expertbank:Theme.Changed",
        "expertbank:Theme.Retired",
        "expertbank:AvailabilityWindow.Changed",
        "expertbank:AvailabilityWindow.Withdrawn",
        "expertbank:TimeOff.Removed",
        "expertbank:Resource.Revised",
        "expertbank:Resource.Withdrawn",
        "expertbank:TextsMovedOut.Recorded",
    )
    def by_actor_only(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        """Events whose subject is not one of the five, seen in their actor's history."""
        self._record(tx, e, position)

    @on("expertbank:TextRemoval.Recorded")
    def text_removed(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        """Seen in the history of the record the text was written in."""
        column = REMOVED_FROM.get(e.record_kind)
        self._record(tx, e, position, **({column: e.record_id} if column else {}))

    @on("expertbank:LibraryService.Registered", "expertbank:LibraryService.Changed")
    def service_event(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(tx, e, position, service_id=e.originator_id)

    @on(
        "expertbank:Person.Invited",
        "expertbank:Person.RolesChanged",
    )
    def person_placed(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(tx, e, position, person_id=e.originator_id, service_id=e.service_id)

    @on(
        "expertbank:Person.Activated",
        "expertbank:Person.Deactivated",
        "expertbank:Person.Reactivated",
        "expertbank:Person.ThemesSet",
        "expertbank:Person.PeerSettingsSet",
        "expertbank:Person.BankHolidaysSet",
        "expertbank:Person.ThemesAsked",
        "expertbank:Person.ThemesApproved",
        "expertbank:Person.ThemesDeclined",
        "expertbank:Person.RegionSet",
        "expertbank:Person.DetailsErased",
    )
    def person_event(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(tx, e, position, person_id=e.originator_id)

    @on("expertbank:ExpressionOfInterest.Submitted")
    def submitted(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(tx, e, position, request_id=e.originator_id, service_id=e.service_id)

    @on(
        "expertbank:ExpressionOfInterest.Shortlisted",
        "expertbank:ExpressionOfInterest.Approved",
        "expertbank:ExpressionOfInterest.Declined",
        "expertbank:ExpressionOfInterest.Withdrawn",
        "expertbank:ExpressionOfInterest.Completed",
        "expertbank:ExpressionOfInterest.Closed",
    )
    def request_event(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(tx, e, position, request_id=e.originator_id)

    @on("expertbank:ExpressionOfInterest.Matched")
    def matched(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(
            tx,
            e,
            position,
            request_id=e.originator_id,
            engagement_id=e.engagement_id,
            person_id=e.expert_id,
        )

    @on("expertbank:Engagement.Commissioned")
    def commissioned(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(
            tx,
            e,
            position,
            engagement_id=e.originator_id,
            request_id=e.request_id,
            service_id=e.service_id,
            person_id=e.expert_id,
        )

    @on(
        "expertbank:Engagement.AllowanceChanged",
        "expertbank:Engagement.Completed",
        "expertbank:Engagement.Closed",
    )
    def engagement_event(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(tx, e, position, engagement_id=e.originator_id)

    @on("expertbank:AvailabilityWindow.Published", "expertbank:TimeOff.Added")
    def provider_event(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(tx, e, position, person_id=e.provider_id)

    @on("expertbank:Booking.Booked")
    def booked(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(
            tx,
            e,
            position,
            booking_id=e.originator_id,
            service_id=e.service_id,
            person_id=e.provider_id,
            engagement_id=e.engagement_id,
            leave_out=_BOOKED_LEFT_OUT,
        )

    @on(
        "expertbank:Booking.HoldConfirmed",
        "expertbank:Booking.Rescheduled",
        "expertbank:Booking.Cancelled",
        "expertbank:Booking.Lapsed",
        "expertbank:Booking.SessionRecorded",
        "expertbank:Booking.FeedbackGiven",
    )
    def booking_event(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(tx, e, position, booking_id=e.originator_id)

    @on(
        "expertbank:CalendarConnection.Connected",
        "expertbank:CalendarConnection.Changed",
        "expertbank:CalendarConnection.Failing",
        "expertbank:CalendarConnection.Recovered",
        "expertbank:CalendarConnection.Disconnected",
    )
    def calendar_event(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(tx, e, position, person_id=e.provider_id)

    @on("expertbank:SessionClash.Found", "expertbank:SessionClash.Kept")
    def clash_event(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(tx, e, position, person_id=e.provider_id, booking_id=e.booking_id)

    @on("expertbank:Resource.Published")
    def resource_published(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._record(tx, e, position, engagement_id=e.engagement_id)

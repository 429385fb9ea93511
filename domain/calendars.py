"""A provider's own calendar, connected so that its busy times block their free time.

The connection's events say what a person did (connected, changed, disconnected) and what
happened to it that someone must know (it could not be read, since when and why; it was read
again). Its address and any password are secrets kept outside the events, sealed (see
``infrastructure.calendar_access``); the events hold only the address's host, to show which
calendar it is. The busy times read from it are not events either: they are derived from
each reading and kept beside the views (``projections.busy``).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidInput
from domain.lifecycle import require_state
from domain.validation import text

MAX_CALENDARS = 10
"""How many calendars one provider may connect at once."""


class CalendarKind(StrEnum):
    ICAL = "ical"
    """A private iCalendar address: what Outlook, Google and Apple calendars publish."""
    CALDAV = "caldav"
    """A CalDAV calendar, read with a user name and an app password."""


class ConnectionStatus(StrEnum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"


def calendar_kind(value: object) -> CalendarKind:
    try:
        return CalendarKind(str(value))
    except ValueError:
        raise InvalidInput(
            "choose a private calendar address or a CalDAV calendar", field="kind"
        ) from None


def calendar_label(value: object) -> str:
    return text(value, "a name for the calendar", field="label", max_length=60)


def sign_in(kind: str, username: object, password: object) -> tuple[str, str]:
    """The user name and app password a CalDAV calendar needs (an iCalendar address needs
    none: its secret is in the address itself)."""
    if calendar_kind(kind) != CalendarKind.CALDAV:
        return "", ""
    return (
        text(username, "the user name", field="username", max_length=200),
        text(password, "the app password", field="password", max_length=500),
    )


class CalendarConnection(Aggregate):
    """One calendar of one provider. Reading it fails and recovers by itself; the events
    record the start of each failure (once, however many readings fail) and its end."""

    TOPIC = "expertbank:CalendarConnection"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:CalendarConnection.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:CalendarConnection.Created"

    @classmethod
    def connect(
        cls,
        *,
        actor: UUID,
        at: datetime,
        provider_id: UUID,
        kind: str,
        label: str,
        host: str,
        connected_already: int,
    ) -> CalendarConnection:
        """``connected_already``: how many calendars the provider has connected now."""
        if connected_already >= MAX_CALENDARS:
            raise InvalidInput(
                f"you can connect at most {MAX_CALENDARS} calendars: disconnect one first",
                field="kind",
            )
        return cls(
            actor=actor,
            timestamp=at,
            provider_id=provider_id,
            kind=calendar_kind(kind).value,
            label=calendar_label(label),
            host=host,
        )

    @event("Connected", topic="expertbank:CalendarConnection.Connected")
    def __init__(
        self, actor: UUID, timestamp: datetime, provider_id: UUID, kind: str, label: str, host: str
    ) -> None:
        self.provider_id = provider_id
        self.kind = kind
        self.label = label
        self.host = host
        self.status = ConnectionStatus.CONNECTED.value
        self.failing_since: datetime | None = None
        self.failure = ""

    @property
    def is_connected(self) -> bool:
        return self.status == ConnectionStatus.CONNECTED

    def change(self, *, actor: UUID, at: datetime, label: str, host: str | None) -> None:
        """Rename it, and with ``host`` replace its address (and any sign-in) too."""
        require_state("a calendar", self.status, {ConnectionStatus.CONNECTED}, "change")
        self._changed(
            actor=actor,
            timestamp=at,
            provider_id=self.provider_id,
            label=calendar_label(label),
            address_replaced=host is not None,
            host=host or self.host,
        )

    @event("Changed", topic="expertbank:CalendarConnection.Changed")
    def _changed(
        self,
        actor: UUID,
        timestamp: datetime,
        provider_id: UUID,
        label: str,
        address_replaced: bool,
        host: str,
    ) -> None:
        self.label = label
        self.host = host
        if address_replaced:
            self.failing_since, self.failure = None, ""

    def fail(self, *, actor: UUID, at: datetime, since: datetime, reason: str) -> bool:
        """Record that it cannot be read, ``since`` the first of the readings that failed in
        a row, if that is not recorded already. True if recorded: the provider is told once
        per failure, not at every reading that fails."""
        if not self.is_connected or self.failing_since is not None:
            return False
        self._failing(
            actor=actor,
            timestamp=at,
            provider_id=self.provider_id,
            since=since,
            reason=reason[:300],
        )
        return True

    @event("Failing", topic="expertbank:CalendarConnection.Failing")
    def _failing(
        self, actor: UUID, timestamp: datetime, provider_id: UUID, since: datetime, reason: str
    ) -> None:
        self.failing_since = since
        self.failure = reason

    def recover(self, *, actor: UUID, at: datetime) -> bool:
        """Record that it was read again after failing. True if it had been failing."""
        if not self.is_connected or self.failing_since is None:
            return False
        self._recovered(
            actor=actor,
            timestamp=at,
            provider_id=self.provider_id,
            failing_since=self.failing_since,
        )
        return True

    @event("Recovered", topic="expertbank:CalendarConnection.Recovered")
    def _recovered(
        self, actor: UUID, timestamp: datetime, provider_id: UUID, failing_since: datetime
    ) -> None:
        self.failing_since, self.failure = None, ""

    def disconnect(self, *, actor: UUID, at: datetime) -> None:
        require_state("a calendar", self.status, {ConnectionStatus.CONNECTED}, "disconnect")
        self._disconnected(actor=actor, timestamp=at, provider_id=self.provider_id)

    @event("Disconnected", topic="expertbank:CalendarConnection.Disconnected")
    def _disconnected(self, actor: UUID, timestamp: datetime, provider_id: UUID) -> None:
        self.status = ConnectionStatus.DISCONNECTED.value
        self.failing_since, self.failure = None, ""

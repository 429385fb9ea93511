"""Calendar feeds: each person's sessions at a secret, revocable address.

The token is shown once; only its SHA-256 digest is kept, in a side table beside the event
store (never in an event). Issuing a new token revokes the old one. The feed is rendered
from the bookings view's calendar data, stamped from that data, so unchanged data gives the same
bytes, and the ETag is a digest of those bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from domain.errors import NotFound, PermissionDenied
from domain.ids import SYSTEM_ACTOR
from domain.people import Person, Role
from infrastructure import credentials
from infrastructure.database import Database
from infrastructure.stored_values import instant
from projections.bookings_read import BookingSummary, CalendarEntry, CalendarQueries
from service.access import active_person
from service.calendars.details import Namer, SessionDetails
from service.calendars.ical import feed
from service.context import Context

CALENDAR_NAME = "Expert Bank sessions"
REFRESH = timedelta(hours=1)

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS {calendar_feeds} ("
    " token_digest TEXT PRIMARY KEY, person_id TEXT NOT NULL, issued_at TEXT NOT NULL,"
    " revoked_at TEXT)",
    "CREATE INDEX IF NOT EXISTS calendar_feeds_person ON {calendar_feeds} (person_id)",
]


@dataclass(frozen=True)
class FeedLink:
    token: str
    url: str


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str


class CalendarFeeds:
    def __init__(
        self, ctx: Context, database: Database, calendar: CalendarQueries, base_url: str
    ) -> None:
        self.ctx = ctx
        self.db = database
        self.db.execute_script(SCHEMA)
        self.calendar = calendar
        self.base_url = base_url

    def issue(self, actor: UUID, person_id: UUID) -> FeedLink:
        """A new feed address for the person (replacing any earlier one)."""
        self._require_self_or_staff(actor, person_id)
        self.ctx.load(Person, person_id, "person", field="person_id")
        token = credentials.new_token()
        now = instant(self.ctx.clock.now())
        with self.db.transaction() as tx:
            tx.execute(
                "UPDATE {calendar_feeds} SET revoked_at = ?"
                " WHERE person_id = ? AND revoked_at IS NULL",
                (now, str(person_id)),
            )
            tx.execute(
                "INSERT INTO {calendar_feeds} (token_digest, person_id, issued_at)"
                " VALUES (?, ?, ?)",
                (credentials.token_digest(token), str(person_id), now),
            )
        return FeedLink(token, f"{self.base_url}/calendar/{token}.ics")

    def revoke(self, actor: UUID, person_id: UUID) -> int:
        """Stop the person's feed; the number of addresses revoked."""
        self._require_self_or_staff(actor, person_id)
        with self.db.transaction() as tx:
            rows = tx.query(
                "UPDATE {calendar_feeds} SET revoked_at = ?"
                " WHERE person_id = ? AND revoked_at IS NULL RETURNING token_digest",
                (instant(self.ctx.clock.now()), str(person_id)),
            )
        return len(rows)

    def feed(self, token: str) -> Feed:
        """The feed at a token; NotFound for an unknown or revoked token, or for a person
        whose account is no longer active."""
        person_id = self._holder(token)
        person = self.ctx.find(Person, person_id) if person_id else None
        if person is None or not person.is_active or Namer(self.ctx).person(person.id) is None:
            raise NotFound("there is no calendar at this address", field="token")
        sessions = [_details(entry) for entry in self.calendar.for_person(person.id)]
        body = feed(CALENDAR_NAME, sessions, REFRESH)
        return Feed(body, hashlib.sha256(body).hexdigest()[:40])

    def session_file(self, booking: BookingSummary) -> bytes:
        """One session as a calendar file to download ("Add to my calendar"): the same UID
        and SEQUENCE as its invitations and the feed, so a calendar keeps one event. The
        caller has checked that the person may see the booking."""
        return feed(CALENDAR_NAME, [_details(booking)], REFRESH)

    def _holder(self, token: str) -> UUID | None:
        rows = self.db.query(
            "SELECT person_id FROM {calendar_feeds} WHERE token_digest = ? AND revoked_at IS NULL",
            (credentials.token_digest(token),),
        )
        return UUID(rows[0]["person_id"]) if rows else None

    def _require_self_or_staff(self, actor: UUID, person_id: UUID) -> None:
        if actor == SYSTEM_ACTOR:
            return
        person = active_person(self.ctx, actor)
        if person.id != person_id and not person.has(Role.PROGRAMME_STAFF):
            raise PermissionDenied("only the person themselves or programme staff can do that")


def _details(entry: CalendarEntry | BookingSummary) -> SessionDetails:
    return SessionDetails(
        booking_id=entry.booking_id,
        start=entry.start,
        end=entry.end,
        theme=entry.theme_name,
        service=entry.service_name,
        provider=entry.provider_name,
        mode=entry.mode,
        location=entry.location,
        cover=entry.cover,
        sequence=entry.sequence,
        status=entry.status,
        changed_at=entry.changed_at,
    )

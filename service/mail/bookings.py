"""The messages a booking change sends: calendar invitations to both sides (rule 7).

A confirmed, confirmed-from-hold or moved session sends METHOD:REQUEST; a cancelled
confirmed session sends METHOD:CANCEL. Holds were never in anyone's calendar, so their
request, decline and lapse are plain messages without a calendar.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from projections.sessions import (
    BOOKED,
    CANCELLED,
    HOLD_CONFIRMED,
    LAPSED,
    RESCHEDULED,
    SessionRow,
)
from service.calendars.details import Namer, SessionDetails, describe_instant
from service.calendars.ical import Method, Party, invitation
from service.mail.mime import Draft
from service.mail.settings import MailSettings
from service.mail.sources import BookingChange, encode


@dataclass(frozen=True)
class Recipient:
    person_id: UUID
    party: Party
    is_provider: bool


class BookingMail:
    def __init__(self, namer: Namer, settings: MailSettings) -> None:
        self.namer = namer
        self.settings = settings

    def drafts(self, change: BookingChange) -> list[Draft]:
        """The messages for one booking event. Each names both sides (its calendar lists
        them) and who made the change (people want to know who moved it), and keeps its
        source, so that it can be drafted again without someone whose details are erased."""
        after = change.after
        named = (after.booked_by, after.provider_id, change.actor)
        source = encode(change)
        drafts = self._drafts(
            change.topic, change.before, after, stamp=change.stamp, actor=change.actor
        )
        return [replace(draft, named=named, source=source) for draft in drafts]

    def _drafts(
        self,
        topic: str,
        before: SessionRow | None,
        after: SessionRow,
        *,
        stamp: datetime,
        actor: UUID,
    ) -> list[Draft]:
        session = self.namer.describe(after)
        people = self.recipients(after)
        who = self.namer.person_name(actor)
        reason = self.namer.text(after.reason)
        if topic in (BOOKED, HOLD_CONFIRMED) and after.status == "confirmed":
            return self._invitations(session, people, stamp, "Booked", [])
        if topic == RESCHEDULED and before is not None:
            moved = [f"Moved by {who}, from {describe_instant(before.start)}."]
            if reason:
                moved.append(f"Reason given: {reason}")
            return self._invitations(session, people, stamp, "Moved", moved)
        if topic == CANCELLED and before is not None and before.status == "confirmed":
            return self._cancellations(session, people, stamp, who, reason)
        if topic == BOOKED:
            return [self._hold_message(session, person, after) for person in people]
        if topic in (CANCELLED, LAPSED):
            if topic == LAPSED:
                why = "The request was not confirmed in time"
            elif actor == after.provider_id:
                why = f"Declined by {who}"
            else:
                why = f"Withdrawn by {who}"
            return [
                self._plain(
                    person,
                    session,
                    f"Not booked: {session.when}",
                    [
                        f"{why}: the session is not booked, and the time is free again.",
                        *([f"Reason given: {reason}"] if reason else []),
                        session.description_for(provider=person.is_provider),
                    ],
                    kind="hold_ended",
                )
                for person in people
            ]
        return []

    def recipients(self, row: SessionRow) -> list[Recipient]:
        found = []
        for person_id, is_provider in ((row.booked_by, False), (row.provider_id, True)):
            details = self.namer.person(person_id)
            if details is not None:
                found.append(Recipient(person_id, Party(details.name, details.email), is_provider))
        return found

    def organizer(self) -> Party:
        return Party(self.settings.from_name, self.settings.from_address)

    def _invitations(
        self,
        session: SessionDetails,
        people: list[Recipient],
        stamp: datetime,
        verb: str,
        preface: list[str],
    ) -> list[Draft]:
        calendar = invitation(
            session,
            method=Method.REQUEST,
            stamp=stamp,
            organizer=self.organizer(),
            attendees=[person.party for person in people],
        )
        return [
            self._plain(
                person,
                session,
                f"{verb}: {session.service} with {session.provider}, {session.when}",
                [*preface, session.description_for(provider=person.is_provider)],
                kind="invitation" if verb == "Booked" else "update",
                calendar=calendar,
                method=Method.REQUEST,
                link="To move or cancel it, open the session in Expert Bank",
            )
            for person in people
        ]

    def _cancellations(
        self,
        session: SessionDetails,
        people: list[Recipient],
        stamp: datetime,
        who: str,
        reason: str,
    ) -> list[Draft]:
        calendar = invitation(
            session,
            method=Method.CANCEL,
            stamp=stamp,
            organizer=self.organizer(),
            attendees=[person.party for person in people],
        )
        why = [f"Reason given: {reason}"] if reason else []
        return [
            self._plain(
                person,
                session,
                f"Cancelled: {session.service} with {session.provider}, {session.when}",
                [
                    f"Cancelled by {who}.",
                    *why,
                    session.description_for(provider=person.is_provider),
                ],
                kind="cancellation",
                calendar=calendar,
                method=Method.CANCEL,
            )
            for person in people
        ]

    def _hold_message(self, session: SessionDetails, person: Recipient, row: SessionRow) -> Draft:
        until = describe_instant(row.hold_until) if row.hold_until else "soon"
        if person.is_provider:
            subject = f"Please confirm: {session.service} asks for {session.when}"
            ask = f"Please confirm or decline this session by {until}; after that it lapses."
            return self._plain(
                person,
                session,
                subject,
                [ask, session.description_for(provider=True)],
                "hold",
                link="To confirm or decline it, open the request in Expert Bank",
            )
        subject = f"Requested: {session.when}"
        wait = (
            f"{session.provider} has until {until} to confirm or decline this session; the "
            "time is kept for you until then. You will get an email when they answer."
        )
        return self._plain(
            person, session, subject, [wait, session.description_for(provider=False)], "hold"
        )

    def _plain(
        self,
        person: Recipient,
        session: SessionDetails,
        subject: str,
        paragraphs: list[str],
        kind: str,
        calendar: bytes | None = None,
        method: Method | None = None,
        link: str = "The session in Expert Bank",
    ) -> Draft:
        page = f"{link}: {self.settings.base_url}/bookings/{session.booking_id}"
        return Draft(
            kind=kind,
            recipient_id=person.person_id,
            to=person.party,
            subject=subject,
            paragraphs=[f"Hello {person.party.name},", *paragraphs, page],
            booking_id=session.booking_id,
            expires_at=session.end,
            calendar=calendar,
            method=method,
        )

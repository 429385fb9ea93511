"""The mail outbox as a projection: messages derived from booking events and notices.

Because messages come from the stored events, one exists for every booking change even if
mail is down when it happens (rule 7), and they are written with the projection's position
in one transaction, so each event yields its messages exactly once. A rebuild skips events
whose messages exist (and their ids come from the event and the recipient, so deriving one
again would add nothing): a rebuild never mails anyone twice. The outbox keeps its own
session rows, read in event order: a reminder recorded after its session moved or was
cancelled sends nothing.

When a person's details are erased, messages to them are blanked and no longer sent, and
pending messages to others that name them are drafted again without them
(``service.mail.erasure``). A message already out of date when it is derived (its session
is over: a new worker on old history, say) is not derived at all.
"""

from __future__ import annotations

from typing import Any

from domain.ids import natural_id
from infrastructure.clock import Clock
from infrastructure.database import Transaction
from infrastructure.texts import reference
from projections.runner import Projection
from projections.sessions import (
    BOOKED,
    CANCELLED,
    HOLD_CONFIRMED,
    LAPSED,
    RESCHEDULED,
    SESSION_TOPICS,
    SessionRows,
    topic_of,
)
from service.calendars.details import Namer
from service.mail import outbox
from service.mail.bookings import BookingMail
from service.mail.erasure import OutboxErasure
from service.mail.mime import Draft, compose
from service.mail.notices import NoticeMail
from service.mail.settings import MailSettings
from service.mail.sources import BookingChange, NoticeSource, calendar_notice

NOTICE_RECORDED = "expertbank:Notice.Recorded"
CALENDAR_FAILING = "expertbank:CalendarConnection.Failing"
CLASH_FOUND = "expertbank:SessionClash.Found"
MAILED = (BOOKED, HOLD_CONFIRMED, RESCHEDULED, CANCELLED, LAPSED)
DETAILS_ERASED = "expertbank:Person.DetailsErased"
TEXT_REMOVED = "expertbank:TextRemoval.Recorded"
SESSIONS = "outbox_sessions"


class OutboxProjection(Projection):
    name = "outbox"
    topics = (
        *SESSION_TOPICS,
        NOTICE_RECORDED,
        CALENDAR_FAILING,
        CLASH_FOUND,
        DETAILS_ERASED,
        TEXT_REMOVED,
    )

    def __init__(
        self, namer: Namer, settings: MailSettings, clock: Clock, erasure: OutboxErasure
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.erasure = erasure
        self.sessions = SessionRows(SESSIONS)
        self.booking_mail = BookingMail(namer, settings)
        self.notice_mail = NoticeMail(namer, settings)

    def schema(self) -> list[str]:
        return [*self.sessions.schema(), *outbox.SCHEMA]

    def tables(self) -> list[str]:
        """Only the session rows: messages survive a rebuild, so none is sent twice."""
        return [SESSIONS]

    def apply(self, tx: Transaction, event: Any, position: int) -> None:
        topic = topic_of(event)
        if topic == DETAILS_ERASED:
            self.erasure.erase_person(tx, event.originator_id)
        elif topic == TEXT_REMOVED:
            self.erasure.erase_text(tx, reference(event.text_id))
        elif topic == NOTICE_RECORDED:
            if not outbox.derived(tx, position):
                session = self.sessions.get(tx, event.subject_id)
                notice = NoticeSource.of(event, session)
                self._add_all(tx, event, position, self.notice_mail.drafts(notice))
        elif topic in (CALENDAR_FAILING, CLASH_FOUND):
            if not outbox.derived(tx, position):
                session = self.sessions.get(tx, event.booking_id) if topic == CLASH_FOUND else None
                notice = calendar_notice(event, session)
                self._add_all(tx, event, position, self.notice_mail.drafts(notice))
        else:
            before = self.sessions.get(tx, event.originator_id)
            self.sessions.apply(tx, event)
            after = self.sessions.get(tx, event.originator_id)
            assert after is not None, "a booking event before its Booked event"
            mailed = topic in MAILED and after.end > self.clock.now()
            if mailed and not outbox.derived(tx, position):
                change = BookingChange(topic, before, after, event.timestamp, event.actor)
                drafts = self.booking_mail.drafts(change)
                self._add_all(tx, event, position, drafts)

    def _add_all(self, tx: Transaction, event: Any, position: int, drafts: list[Draft]) -> None:
        now = self.clock.now()
        for draft in drafts:
            if draft.expires_at is None or draft.expires_at > now:
                self._add(tx, event, position, draft)

    def _add(self, tx: Transaction, event: Any, position: int, draft: Draft) -> None:
        uuid = natural_id(
            "message", event.originator_id, event.originator_version, draft.recipient_id
        )
        message = compose(
            draft, message_uuid=uuid, position=position, at=event.timestamp, settings=self.settings
        )
        outbox.insert(tx, message)

"""The messages a recorded Notice sends: reminders, follow-ups, warnings and the digest."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.hours import describe_minutes
from domain.notices import NoticeKind
from infrastructure.stored_values import instant
from projections.sessions import SessionRow
from service.calendars.details import Namer, describe_instant
from service.calendars.ical import Party
from service.mail.mime import Draft
from service.mail.settings import MailSettings
from service.mail.sources import NoticeSource, encode

NOTICE_LIFETIME = timedelta(days=7)


class NoticeMail:
    def __init__(self, namer: Namer, settings: MailSettings) -> None:
        self.namer = namer
        self.settings = settings

    def drafts(self, notice: NoticeSource) -> list[Draft]:
        """One message per recipient; none for a reminder whose session has since moved
        or been cancelled (the notice was recorded, but its time has passed it by)."""
        kind = NoticeKind(notice.kind)
        facts: dict[str, Any] = notice.facts
        session = notice.session
        source = encode(notice)
        if kind == NoticeKind.SESSION_REMINDER:
            if session is None or not _still_at(session, facts["start"]):
                return []
            content = self._reminder(session, int(facts["lead_minutes"]))
            expires = session.start
        elif kind in (NoticeKind.FEEDBACK_REQUEST, NoticeKind.OUTCOME_REMINDER):
            if session is None:
                return []
            content = self._follow_up(kind, session)
            expires = notice.timestamp + NOTICE_LIFETIME
        elif kind == NoticeKind.ALLOWANCE_ENDING:
            content = self._allowance(facts)
            expires = notice.timestamp + NOTICE_LIFETIME
        elif kind == NoticeKind.CALENDAR_FAILING:
            content = self._calendar_failing(facts)
            expires = notice.timestamp + NOTICE_LIFETIME
        elif kind == NoticeKind.SESSION_CLASH:
            if session is None or not _live_at(session, facts["start"]):
                return []
            content = self._clash(session)
            expires = session.start
        else:
            content = self._digest(notice.occasion, facts)
            expires = notice.timestamp + NOTICE_LIFETIME
        subject, paragraphs = content
        drafts = []
        for person_id in notice.recipients:
            details = self.namer.person(person_id)
            if details is None:
                continue
            drafts.append(
                Draft(
                    kind=kind.value,
                    recipient_id=person_id,
                    to=Party(details.name, details.email),
                    subject=subject,
                    paragraphs=[
                        f"Hello {details.name},",
                        *self._as_read_by(paragraphs, session, person_id),
                        self._link(session),
                    ],
                    booking_id=session.booking_id if session else None,
                    expires_at=expires,
                    named=(session.provider_id,) if session else (),
                    source=source,
                )
            )
        return drafts

    def _link(self, session: SessionRow | None) -> str:
        """The session's own page, or the home page for a message about no session."""
        if session is None:
            return f"Expert Bank: {self.settings.base_url}/"
        return f"The session in Expert Bank: {self.settings.base_url}/bookings/{session.booking_id}"

    def _as_read_by(
        self, paragraphs: list[str], session: SessionRow | None, person_id: UUID
    ) -> list[str]:
        """The provider's copy says who booked the session, not "With:" themselves."""
        if session is None or person_id != session.provider_id:
            return paragraphs
        details = self.namer.describe(session)
        mine = details.description_for(provider=True)
        return [mine if p == details.description else p for p in paragraphs]

    def _reminder(self, session: SessionRow, lead_minutes: int) -> tuple[str, list[str]]:
        details = self.namer.describe(session)
        ahead = describe_minutes(lead_minutes)
        return f"Reminder: {details.when}", [
            f"Your Expert Bank session starts in {ahead}.",
            details.description,
        ]

    def _follow_up(self, kind: NoticeKind, session: SessionRow) -> tuple[str, list[str]]:
        details = self.namer.describe(session)
        held_on = describe_instant(session.start)
        if kind == NoticeKind.FEEDBACK_REQUEST:
            return f"How was your session on {held_on}?", [
                f"Please rate your session with {details.provider} and say what helped: "
                "it takes a minute and shapes what the programme offers next.",
                details.description,
            ]
        return f"Please record the session of {held_on}", [
            f"Please record your session with {details.service} as held or no-show, with "
            "notes, outcomes and follow-up actions.",
            details.description,
        ]

    def _allowance(self, facts: dict[str, Any]) -> tuple[str, list[str]]:
        ends_on = date.fromisoformat(facts["ends_on"])
        unused = int(facts["allowance_minutes"]) - int(facts["used_minutes"])
        unbooked = int(facts["allowance_minutes"]) - int(facts["booked_minutes"])
        service = self.namer.service(UUID(facts["service_id"]))
        theme = self.namer.theme(UUID(facts["theme_id"]))
        day = f"{ends_on:%A} {ends_on.day} {ends_on:%B %Y}"
        return f"{describe_minutes(unused)} unused: engagement ends {day}", [
            f"The engagement of {service} on {theme} ends on {day}.",
            f"Of its {describe_minutes(int(facts['allowance_minutes']))}, "
            f"{describe_minutes(unused)} are not yet used and "
            f"{describe_minutes(max(unbooked, 0))} are not yet booked.",
            "Book the remaining sessions soon, or ask programme staff to change the period.",
        ]

    def _calendar_failing(self, facts: dict[str, Any]) -> tuple[str, list[str]]:
        since = describe_instant(datetime.fromisoformat(facts["since"]))
        return "Expert Bank cannot read your calendar", [
            f"Expert Bank has not been able to read one of your own calendars since {since}: "
            f"{facts['reason']}.",
            "Your last known busy times still block your free time for now, and Expert Bank "
            "keeps trying by itself. If the calendar's address or password has changed, "
            "open Your availability and change the calendar there.",
        ]

    def _clash(self, session: SessionRow) -> tuple[str, list[str]]:
        details = self.namer.describe(session)
        return f"Your session on {details.when} clashes with your own calendar", [
            "Your own calendar now shows you busy during this Expert Bank session, which was "
            "booked before that time was in your calendar:",
            details.description,
            "The session is still booked. Move it to another time, or keep it as it is, "
            "from your Expert Bank home page.",
        ]

    def _digest(self, week: str, facts: dict[str, Any]) -> tuple[str, list[str]]:
        return f"Expert Bank weekly digest, {week}", [
            "\n".join(
                [
                    f"Requests waiting for a decision or a match: {facts['requests_waiting']}",
                    f"New requests in the last 7 days: {facts['requests_new']}",
                    f"Sessions held in the last 7 days: {facts['sessions_held']}",
                    f"No-shows in the last 7 days: {facts['no_shows']}",
                    f"Sessions not yet recorded: {facts['sessions_unrecorded']}",
                    f"Sessions in the next 7 days: {facts['sessions_coming']}",
                ]
            )
        ]


def _live_at(session: SessionRow, start: str) -> bool:
    return session.status in ("confirmed", "held") and instant(session.start) == instant(
        datetime.fromisoformat(start)
    )


def _still_at(session: SessionRow, start: str) -> bool:
    return session.status == "confirmed" and instant(session.start) == instant(
        datetime.fromisoformat(start)
    )

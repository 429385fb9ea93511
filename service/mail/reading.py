"""A message as a person reads it: subject, to whom, its text, and its calendar invitation
summarised (what, when, where, and whether it adds, changes or cancels the event); and why
a message is still waiting."""

from __future__ import annotations

import email
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import default

from icalendar import Calendar

from domain.time import LONDON
from service.mail.outbox import MessageRecord

METHODS = {"REQUEST": "adds or updates the event", "CANCEL": "cancels the event"}


@dataclass(frozen=True)
class Invitation:
    """A calendar invitation in a message: what it does, and the event it is about."""

    method: str
    does: str
    summary: str
    start: datetime | None
    end: datetime | None
    location: str
    sequence: int


@dataclass(frozen=True)
class Reading:
    subject: str
    to: str
    text: str
    invitation: Invitation | None


def read(content: str) -> Reading:
    """``content`` (the message as it will be sent) as its reader sees it."""
    message = email.message_from_string(content, _class=EmailMessage, policy=default)
    assert isinstance(message, EmailMessage)
    text = message.get_body(preferencelist=("plain",))
    calendar = next(
        (part for part in message.walk() if part.get_content_type() == "text/calendar"), None
    )
    return Reading(
        subject=str(message["Subject"] or ""),
        to=str(message["To"] or ""),
        text=text.get_content() if isinstance(text, EmailMessage) else "",
        invitation=_invitation(calendar.get_content()) if calendar is not None else None,
    )


def _invitation(ics: str | bytes) -> Invitation:
    calendar = Calendar.from_ical(ics)
    method = str(calendar.get("METHOD", ""))
    event = next(iter(calendar.walk("VEVENT")), None)

    def when(name: str) -> datetime | None:
        value = event.get(name) if event is not None else None
        return value.dt if value is not None else None

    return Invitation(
        method=method,
        does=METHODS.get(method, method.lower()),
        summary=str(event.get("SUMMARY", "")) if event is not None else "",
        start=when("DTSTART"),
        end=when("DTEND"),
        location=str(event.get("LOCATION", "")) if event is not None else "",
        sequence=int(event.get("SEQUENCE", 0)) if event is not None else 0,
    )


def waiting_because(record: MessageRecord, smtp_configured: bool) -> str:
    """Why a message has not gone yet (empty for one that is no longer waiting)."""
    if record.status != "pending":
        return ""
    if record.attempts:
        return (
            f"Sending failed {record.attempts} time{'' if record.attempts == 1 else 's'};"
            f" it is tried again after {record.next_attempt_at.astimezone(LONDON):%d %B %Y, %H:%M}"
            " (UK time)."
            f" The last error: {record.last_error}"
        )
    if not smtp_configured:
        return (
            "No SMTP server is configured: the message waits here and is written to the"
            " mail folder until one is."
        )
    return "Waiting for its turn to be sent."

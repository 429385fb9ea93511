"""Messages as sent: plain text and HTML, the iTIP calendar beside them in
``multipart/alternative`` (so calendar clients offer the invitation), and the same calendar
as an ``.ics`` attachment for anyone who wants to import it by hand.

The rendered message is plain ASCII (quoted-printable and base64 parts), is built once when
the message is derived, and is stored: every retry sends the same bytes and Message-ID.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from uuid import UUID

from service.calendars.ical import Method, Party
from service.mail.outgoing import Outgoing
from service.mail.settings import MailSettings

URL = re.compile(r"https?://[^\s<>\"]+")


@dataclass(frozen=True)
class Draft:
    """A message for one person, before it is rendered. ``named``: the other people whose
    name or address it carries (erasing one of them redrafts it); ``source``: what it was
    drafted from (``service.mail.sources``), if it can be drafted again."""

    kind: str
    recipient_id: UUID
    to: Party
    subject: str
    paragraphs: list[str]
    booking_id: UUID | None = None
    expires_at: datetime | None = None
    calendar: bytes | None = None
    method: Method | None = None
    named: tuple[UUID, ...] = ()
    source: str = ""


def message_id(message_uuid: UUID, domain: str) -> str:
    return f"<{message_uuid}@{domain}>"


def compose(
    draft: Draft, *, message_uuid: UUID, position: int, at: datetime, settings: MailSettings
) -> Outgoing:
    """The draft rendered as sent from the programme's mailbox at ``at``."""
    sender = Party(settings.from_name, settings.from_address)
    return Outgoing(
        id=message_uuid,
        position=position,
        created_at=at,
        kind=draft.kind,
        recipient_id=draft.recipient_id,
        recipient=draft.to.email,
        subject=draft.subject,
        message_id=message_id(message_uuid, settings.domain),
        content=render(
            draft, message_uuid=message_uuid, sender=sender, domain=settings.domain, date=at
        ),
        expires_at=draft.expires_at,
        booking_id=draft.booking_id,
        named=draft.named,
        source=draft.source,
    )


def render(draft: Draft, *, message_uuid: UUID, sender: Party, domain: str, date: datetime) -> str:
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = Address(sender.name, addr_spec=sender.email)
    message["To"] = Address(draft.to.name, addr_spec=draft.to.email)
    message["Subject"] = draft.subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id(message_uuid, domain)
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message.set_content(_text(draft.paragraphs), cte="quoted-printable")
    message.add_alternative(_html(draft.paragraphs), subtype="html", cte="quoted-printable")
    if draft.calendar is not None and draft.method is not None:
        message.add_alternative(
            draft.calendar.decode(),
            subtype="calendar",
            params={"method": draft.method.value},
            cte="base64",
        )
        message.add_attachment(
            draft.calendar,
            maintype="application",
            subtype="ics",
            filename="invite.ics" if draft.method == Method.REQUEST else "cancel.ics",
        )
    for number, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=={message_uuid.hex}.{number}==")
    return message.as_string()


def _text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def _html(paragraphs: list[str]) -> str:
    body = "\n".join(
        "<p>" + "<br>\n".join(_linked(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    return f'<!doctype html>\n<html lang="en"><body>\n{body}\n</body></html>\n'


def _linked(line: str) -> str:
    parts: list[str] = []
    last = 0
    for match in URL.finditer(line):
        parts.append(html.escape(line[last : match.start()]))
        url = html.escape(match.group())
        parts.append(f'<a href="{url}">{url}</a>')
        last = match.end()
    parts.append(html.escape(line[last:]))
    return "".join(parts)

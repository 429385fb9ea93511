"""A real SMTP server for tests (aiosmtpd), on a free port, that can be stopped and started
again on the same port to play "mail is down"."""

from __future__ import annotations

import asyncio
import socket
import threading
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from aiosmtpd.controller import Controller
from icalendar import Calendar


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Received:
    """Collects what the server accepted (called from the server's own thread); refuses
    for good any recipient whose address starts with "bounce". ``delay``: seconds each
    message takes to be accepted once sent (a slow server), kept if the sender goes."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._messages: list[tuple[list[str], bytes]] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address.startswith("bounce"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            self._messages.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted for delivery"

    def raw(self) -> list[tuple[list[str], bytes]]:
        with self._lock:
            return list(self._messages)


class SmtpServer:
    def __init__(self, delay: float = 0.0) -> None:
        self.port = free_port()
        self.received = Received(delay)
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.received, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def env(self) -> dict[str, str]:
        return {
            "EXPERTBANK_SMTP_HOST": "127.0.0.1",
            "EXPERTBANK_SMTP_PORT": str(self.port),
            "EXPERTBANK_SMTP_TLS": "none",
            "EXPERTBANK_MAIL_FROM": "Expert Bank <bank@expertbank.test>",
        }

    def messages(self) -> list[EmailMessage]:
        """Everything received, parsed by the standard library's email parser."""
        parser = BytesParser(policy=policy.default)
        found = []
        for _, content in self.received.raw():
            message = parser.parsebytes(content)
            assert isinstance(message, EmailMessage)
            found.append(message)
        return found

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages() if m["To"].addresses[0].addr_spec == address]


def calendar_of(message: EmailMessage) -> tuple[str, Calendar]:
    """The MIME method and the parsed calendar of the ``text/calendar`` alternative."""
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return str(part.get_param("method")), Calendar.from_ical(part.get_content())

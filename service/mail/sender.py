"""Delivering the outbox: over SMTP when configured, otherwise into a folder.

Each attempt is recorded (``claim``) before the message is handed to the SMTP server, and
success after the server accepted it. So a message is never sent by two senders at once, a
failure is retried with back-off (1, 2, 4 ... minutes, at most hourly; the first delay is
``EXPERTBANK_MAIL_RETRY_SECONDS``), and a sender that
dies mid-batch leaves its messages to be retried, not lost. The one window left is a crash
after the server accepted a message and before "sent" was recorded: that message is sent
again, with the same bytes and Message-ID (or, if someone it names was erased since, drafted
again without them), so the copy is identifiable (many mail systems drop it) and, being the
same iTIP UID and SEQUENCE, changes nothing in a calendar.
Delivery is therefore exactly once except in that window, where it is at least once.

Just before each message is handed over, the people in it are checked against the
directory, so that nothing goes to or about someone whose details were erased by then, even
if the erasure's event has not reached the outbox yet (``service.mail.erasure``).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from infrastructure.clock import Clock
from service.mail.erasure import OutboxErasure
from service.mail.folder import MailFolder
from service.mail.outbox import Due, Outbox
from service.mail.settings import MailSettings, Tls

BATCH = 50
FIRST_RETRY = timedelta(minutes=1)
LAST_RETRY = timedelta(hours=1)
SMTP_TIMEOUT = 20.0


def retry_delay(attempts: int, first: timedelta = FIRST_RETRY) -> timedelta:
    """How long to wait after the ``attempts``-th attempt before the next."""
    doublings = min(max(attempts - 1, 0), 10)
    return min(first * (1 << doublings), max(LAST_RETRY, first))


@dataclass
class Delivery:
    """What one run of the sender did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    expired: int = 0
    filed: int = 0


class Sender:
    def __init__(
        self, outbox: Outbox, settings: MailSettings, clock: Clock, erasure: OutboxErasure
    ) -> None:
        self.outbox = outbox
        self.settings = settings
        self.clock = clock
        self.erasure = erasure
        self.folder = MailFolder(settings.folder)

    def deliver_due(self, fence: Callable[[], None]) -> Delivery:
        """Send (or file) what is due; ``fence`` is called before each message is sent
        and stops the sending by raising (a worker that lost its lock)."""
        now = self.clock.now()
        delivery = Delivery(expired=self.outbox.expire(now))
        if self.settings.smtp_configured:
            self._send_due(now, delivery, fence)
        else:
            delivery.filed = self._file(now)
        self.outbox.forget_sources()
        return delivery

    def _send_due(self, now: datetime, delivery: Delivery, fence: Callable[[], None]) -> None:
        while True:
            due = self.outbox.due(now, BATCH)
            claimed = [
                m
                for m in due
                if self.outbox.claim(
                    m.id, now, now + retry_delay(m.attempts + 1, self.settings.first_retry)
                )
            ]
            if claimed and not self._send(claimed, delivery, fence):
                break
            if len(due) < BATCH:
                break

    def _send(self, messages: list[Due], delivery: Delivery, fence: Callable[[], None]) -> bool:
        """Send over one connection; False if the server could not be reached."""
        try:
            connection = self._connect()
        except OSError as error:  # refused connections and SMTP errors alike
            self._retry_later(messages, error, delivery)
            return False
        with connection:
            for number, message in enumerate(messages):
                content = self.erasure.ready(message)
                if content is None:
                    continue
                fence()
                try:
                    connection.sendmail(
                        self.settings.from_address, [message.recipient], content.encode()
                    )
                except smtplib.SMTPServerDisconnected as error:
                    self._retry_later(messages[number:], error, delivery)
                    return False
                except smtplib.SMTPException as error:  # refused: this message only
                    permanent = _is_permanent(error)
                    self.outbox.mark_error(message.id, _describe(error), permanent=permanent)
                    if permanent:
                        delivery.failed += 1
                    else:
                        delivery.retrying += 1
                except OSError as error:  # the connection broke (SMTPException is an OSError)
                    self._retry_later(messages[number:], error, delivery)
                    return False
                else:
                    self.outbox.mark_sent(message.id, self.clock.now())
                    delivery.sent += 1
        return True

    def _retry_later(self, messages: list[Due], error: Exception, delivery: Delivery) -> None:
        for message in messages:
            self.outbox.mark_error(message.id, _describe(error), permanent=False)
        delivery.retrying += len(messages)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        connection: smtplib.SMTP
        if s.tls == Tls.SSL:
            connection = smtplib.SMTP_SSL(
                s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT, context=ssl.create_default_context()
            )
        else:
            connection = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT)
        try:
            if s.tls == Tls.STARTTLS:
                connection.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                connection.login(s.smtp_user, s.smtp_password)
        except BaseException:
            connection.close()
            raise
        return connection

    def _file(self, now: datetime) -> int:
        """Without SMTP, write each pending message once to the mail folder (``.eml``). A
        message blanked or redrafted while its file was being written loses that file (a
        redrafted one is filed again)."""
        filed = 0
        while batch := self.outbox.unfiled(BATCH):
            for view, content in batch:
                path = self.folder.write(view.id, view.created_at, content)
                if self.outbox.mark_filed(view.id, content, now):
                    filed += 1
                else:
                    path.unlink(missing_ok=True)
        return filed


def _is_permanent(error: smtplib.SMTPException) -> bool:
    """5xx refusals of this message or its recipient are final. 4xx refusals are not, nor
    are refusals of our sign-in or sender address: those are settings to fix, after which
    every message should still go."""
    if isinstance(error, smtplib.SMTPAuthenticationError | smtplib.SMTPSenderRefused):
        return False
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:500]

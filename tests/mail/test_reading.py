"""Why a message waits: no SMTP server, or retrying after an error (with the error)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from service.mail.outbox import MessageRecord
from service.mail.reading import waiting_because


def record(status: str, attempts: int, error: str = "") -> MessageRecord:
    return MessageRecord(
        id=uuid4(),
        created_at=datetime(2027, 3, 1, 9, tzinfo=UTC),
        kind="booking",
        booking_id=None,
        recipient_id=uuid4(),
        recipient="a@example.org",
        subject="Booked",
        message_id="<m@example.org>",
        status=status,
        attempts=attempts,
        next_attempt_at=datetime(2027, 7, 1, 9, 30, tzinfo=UTC),
        last_error=error,
        sent_at=None,
        filed=False,
    )


def test_a_message_retried_after_an_error_says_when_and_the_error() -> None:
    why = waiting_because(record("pending", 2, "421 try later"), smtp_configured=True)

    assert why == (
        "Sending failed 2 times; it is tried again after 01 July 2027, 10:30 (UK time)."
        " The last error: 421 try later"
    )


def test_without_smtp_a_message_says_it_waits_for_a_server() -> None:
    assert waiting_because(record("pending", 0), smtp_configured=False).startswith(
        "No SMTP server is configured"
    )
    assert waiting_because(record("pending", 0), smtp_configured=True) == (
        "Waiting for its turn to be sent."
    )
    assert waiting_because(record("sent", 1), smtp_configured=False) == ""

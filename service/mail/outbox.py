"""The outbox table: every message owed, and what became of it.

Rows are written by the outbox projection (in the same transaction as its position, so each
event yields its messages exactly once), and by the mail desk for the messages queued with
invitation links; they are changed only by the sender and by erasure. A message is
``pending`` until it is ``sent``, refused for good (``failed``), or no longer worth sending
because its session is over (``expired``). A pending message with attempts is *failing*.
The text is kept only while it may still be sent (and when refused, for staff to act on):
the events are the record, and the less personal data lies about, the better.

Beside each message, the other people it names (``outbox_named``: the other side of a
session, who made a change, who sent an invitation), and while it may still be sent, what
it was drafted from (``outbox_sources``), so that erasing a person's details can blank
every message to them and draft again, without them, every pending message naming them
(``service.mail.erasure``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from infrastructure.database import Database, Row, Transaction
from infrastructure.stored_values import instant, to_instant
from service.mail.outgoing import SIGN_UP, Outgoing

TABLE = "outbox"
NAMED = "outbox_named"
SOURCES = "outbox_sources"
STATUSES = ("pending", "failing", "sent", "failed", "expired")

SCHEMA = [
    f"CREATE TABLE IF NOT EXISTS {{{TABLE}}} ("
    " id TEXT PRIMARY KEY, position BIGINT NOT NULL, created_at TEXT NOT NULL,"
    " kind TEXT NOT NULL, booking_id TEXT, recipient_id TEXT NOT NULL,"
    " recipient TEXT NOT NULL, subject TEXT NOT NULL, message_id TEXT NOT NULL,"
    " content TEXT NOT NULL, expires_at TEXT, status TEXT NOT NULL,"
    " attempts INTEGER NOT NULL, next_attempt_at TEXT NOT NULL, last_attempt_at TEXT,"
    " last_error TEXT NOT NULL, sent_at TEXT, filed_at TEXT)",
    f"CREATE INDEX IF NOT EXISTS outbox_due ON {{{TABLE}}} (status, next_attempt_at)",
    f"CREATE INDEX IF NOT EXISTS outbox_position ON {{{TABLE}}} (position)",
    f"CREATE TABLE IF NOT EXISTS {{{NAMED}}} ("
    " person_id TEXT NOT NULL, message_id TEXT NOT NULL, PRIMARY KEY (person_id, message_id))",
    f"CREATE INDEX IF NOT EXISTS outbox_named_message ON {{{NAMED}}} (message_id)",
    f"CREATE TABLE IF NOT EXISTS {{{SOURCES}}} (message_id TEXT PRIMARY KEY, source TEXT NOT NULL)",
]

SUMMARY_COLUMNS = (
    "id, created_at, kind, booking_id, recipient_id, recipient, subject, message_id, status,"
    " attempts, next_attempt_at, last_error, sent_at, filed_at"
)


@dataclass(frozen=True)
class MessageRecord:
    """A message in the outbox, without its content."""

    id: UUID
    created_at: datetime
    kind: str
    booking_id: UUID | None
    recipient_id: UUID
    recipient: str
    subject: str
    message_id: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str
    sent_at: datetime | None
    filed: bool

    @property
    def failing(self) -> bool:
        return self.status == "pending" and self.attempts > 0


@dataclass(frozen=True)
class Due:
    """A message due to be sent, and the people whose details are in it."""

    id: UUID
    recipient_id: UUID
    recipient: str
    content: str
    attempts: int
    named: tuple[UUID, ...]


def _record(row: Row) -> MessageRecord:
    return MessageRecord(
        id=UUID(row["id"]),
        created_at=to_instant(row["created_at"]),
        kind=row["kind"],
        booking_id=UUID(row["booking_id"]) if row["booking_id"] else None,
        recipient_id=UUID(row["recipient_id"]),
        recipient=row["recipient"],
        subject=row["subject"],
        message_id=row["message_id"],
        status=row["status"],
        attempts=int(row["attempts"]),
        next_attempt_at=to_instant(row["next_attempt_at"]),
        last_error=row["last_error"],
        sent_at=to_instant(row["sent_at"]) if row["sent_at"] else None,
        filed=row["filed_at"] is not None,
    )


def insert(tx: Transaction, message: Outgoing) -> None:
    """Add a message, once: the same message derived again changes nothing."""
    tx.execute(
        f"INSERT INTO {{{TABLE}}} (id, position, created_at, kind, booking_id, recipient_id,"
        " recipient, subject, message_id, content, expires_at, status, attempts,"
        " next_attempt_at, last_error)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, '')"
        " ON CONFLICT (id) DO NOTHING",
        (
            str(message.id),
            message.position,
            instant(message.created_at),
            message.kind,
            str(message.booking_id) if message.booking_id else None,
            str(message.recipient_id),
            message.recipient,
            message.subject,
            message.message_id,
            message.content,
            instant(message.expires_at) if message.expires_at else None,
            instant(message.created_at),
        ),
    )
    named = sorted(set(message.named) - {message.recipient_id})
    for person_id in named:
        tx.insert(
            f"INSERT INTO {{{NAMED}}} (person_id, message_id) VALUES (?, ?)"
            " ON CONFLICT (person_id, message_id) DO NOTHING",
            (str(person_id), str(message.id)),
        )
    if named and message.source:
        tx.insert(
            f"INSERT INTO {{{SOURCES}}} (message_id, source) VALUES (?, ?)"
            " ON CONFLICT (message_id) DO NOTHING",
            (str(message.id), message.source),
        )


def derived(tx: Transaction, position: int) -> bool:
    """Whether the event at ``position`` already has its messages (all are added at once).
    Invitation links share positions with events without coming from them: not counted."""
    return bool(
        tx.query(
            f"SELECT 1 FROM {{{TABLE}}} WHERE position = ? AND kind <> ? LIMIT 1",
            (position, SIGN_UP),
        )
    )


class Outbox:
    def __init__(self, views: Database) -> None:
        self.views = views

    def expire(self, now: datetime) -> int:
        """Give up on pending messages whose session is over; how many."""
        with self.views.transaction() as tx:
            rows = tx.query(
                f"UPDATE {{{TABLE}}} SET status = 'expired', content = '' WHERE status = 'pending'"
                " AND expires_at IS NOT NULL AND expires_at <= ? RETURNING id",
                (instant(now),),
            )
        return len(rows)

    def forget_sources(self) -> None:
        """Drop what messages no longer pending were drafted from: they are not drafted
        again."""
        self.views.execute(
            f"DELETE FROM {{{SOURCES}}} WHERE message_id NOT IN"
            f" (SELECT id FROM {{{TABLE}}} WHERE status = 'pending')"
        )

    def due(self, now: datetime, limit: int) -> list[Due]:
        """Who each message names is read before its text. A redraft changes both at once,
        so the text read can only name someone erased who is on the list (which the sender
        checks just before sending: ``service.mail.erasure``)."""
        rows = self.views.query(
            f"SELECT id FROM {{{TABLE}}} WHERE status = 'pending' AND next_attempt_at <= ?"
            " ORDER BY position, id LIMIT ?",
            (instant(now), limit),
        )
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        marks = ", ".join("?" for _ in ids)
        named: dict[str, list[UUID]] = {}
        for row in self.views.query(
            f"SELECT message_id, person_id FROM {{{NAMED}}} WHERE message_id IN ({marks})", ids
        ):
            named.setdefault(row["message_id"], []).append(UUID(row["person_id"]))
        found = {
            row["id"]: row
            for row in self.views.query(
                f"SELECT id, recipient_id, recipient, content, attempts FROM {{{TABLE}}}"
                f" WHERE id IN ({marks}) AND status = 'pending'",
                ids,
            )
        }
        return [
            Due(
                id=UUID(row["id"]),
                recipient_id=UUID(row["recipient_id"]),
                recipient=row["recipient"],
                content=row["content"],
                attempts=int(row["attempts"]),
                named=tuple(named.get(row["id"], ())),
            )
            for row in (found[i] for i in ids if i in found)
        ]

    def claim(self, message_id: UUID, now: datetime, retry_at: datetime) -> bool:
        """Record an attempt before making it. True if this sender now owns the message
        until ``retry_at``; False if another sender claimed or finished it first."""
        with self.views.transaction() as tx:
            rows = tx.query(
                f"UPDATE {{{TABLE}}} SET attempts = attempts + 1, last_attempt_at = ?,"
                " next_attempt_at = ? WHERE id = ? AND status = 'pending'"
                " AND next_attempt_at <= ? RETURNING id",
                (instant(now), instant(retry_at), str(message_id), instant(now)),
            )
        return bool(rows)

    def mark_sent(self, message_id: UUID, now: datetime) -> None:
        self.views.execute(
            f"UPDATE {{{TABLE}}} SET status = 'sent', sent_at = ?, last_error = '', content = ''"
            " WHERE id = ? AND status = 'pending'",
            (instant(now), str(message_id)),
        )

    def mark_error(self, message_id: UUID, error: str, *, permanent: bool) -> None:
        self.views.execute(
            f"UPDATE {{{TABLE}}} SET last_error = ?, status = ?"
            " WHERE id = ? AND status = 'pending'",
            (error[:500], "failed" if permanent else "pending", str(message_id)),
        )

    def unfiled(self, limit: int) -> list[tuple[MessageRecord, str]]:
        rows = self.views.query(
            f"SELECT {SUMMARY_COLUMNS}, content FROM {{{TABLE}}}"
            " WHERE status = 'pending' AND filed_at IS NULL AND content <> ''"
            " ORDER BY position, id LIMIT ?",
            (limit,),
        )
        return [(_record(row), row["content"]) for row in rows]

    def mark_filed(self, message_id: UUID, content: str, now: datetime) -> bool:
        """Record that the message is in the mail folder as ``content``; False if it was
        blanked (erased or expired) or redrafted since it was read, when its file must go."""
        with self.views.transaction() as tx:
            rows = tx.query(
                f"UPDATE {{{TABLE}}} SET filed_at = ? WHERE id = ? AND content = ?"
                " AND content <> '' RETURNING id",
                (instant(now), str(message_id), content),
            )
        return bool(rows)

    def counts(self) -> dict[str, int]:
        rows = self.views.query(
            f"SELECT CASE WHEN status = 'pending' AND attempts > 0 THEN 'failing'"
            f" ELSE status END AS state, COUNT(*) AS n FROM {{{TABLE}}} GROUP BY 1"
        )
        found = {row["state"]: int(row["n"]) for row in rows}
        return {status: found.get(status, 0) for status in STATUSES}

    def messages(self, status: str | None = None, limit: int = 100) -> list[MessageRecord]:
        """Newest first; ``status`` one of STATUSES (``failing`` = pending with attempts)."""
        where = ""
        params: tuple[str, ...] = ()
        if status == "failing":
            where = "WHERE status = 'pending' AND attempts > 0"
        elif status == "pending":
            where = "WHERE status = 'pending' AND attempts = 0"
        elif status:
            where, params = "WHERE status = ?", (status,)
        rows = self.views.query(
            f"SELECT {SUMMARY_COLUMNS} FROM {{{TABLE}}} {where} ORDER BY position DESC, id LIMIT ?",
            (*params, limit),
        )
        return [_record(row) for row in rows]

    def content(self, message_id: UUID) -> str | None:
        rows = self.views.query(f"SELECT content FROM {{{TABLE}}} WHERE id = ?", (str(message_id),))
        return str(rows[0]["content"]) if rows else None

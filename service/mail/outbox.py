"""The outbox table: every message owed, and what became of it.

Rows are written by the outbox projection (in the same transaction as its position, so each
event yields its messages exactly once), and by the mail desk for the messages queued with
invitation links; they are changed only by the sender and by erasure. A message is
``pending`` until it is ``sent``, refused for good (``failed``), or no longer worth sending
because its session is over (``expired``). A pending message with attempts is *failing*.
The text is kept only while it may still be sent (and when refused, for staff to act on):
the events are the record, and the less personal data lies about, the better.

Beside each message, the other people it names (``outbox_named``: the other side of a
session, who made a change, who sent an invitation), so that erasing a person's details
blanks every message to them or naming them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from projections.base import instant, to_instant
from service.database import Database, Row, Transaction
from service.mail.outgoing import SIGN_UP, Outgoing

TABLE = "outbox"
NAMED = "outbox_named"
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
]

SUMMARY_COLUMNS = (
    "id, created_at, kind, booking_id, recipient_id, recipient, subject, message_id, status,"
    " attempts, next_attempt_at, last_error, sent_at, filed_at"
)


@dataclass(frozen=True)
class MessageView:
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
class Filed:
    """A message written to the mail folder: where its file is."""

    id: UUID
    created_at: datetime


@dataclass(frozen=True)
class Due:
    id: UUID
    recipient: str
    content: str
    attempts: int


def _view(row: Row) -> MessageView:
    return MessageView(
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
    for person_id in sorted(set(message.named) - {message.recipient_id}):
        tx.insert(
            f"INSERT INTO {{{NAMED}}} (person_id, message_id) VALUES (?, ?)"
            " ON CONFLICT (person_id, message_id) DO NOTHING",
            (str(person_id), str(message.id)),
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


ERASE = (
    f"UPDATE {{{TABLE}}} SET subject = '(erased)', content = '',"
    " recipient = CASE WHEN recipient_id = ? THEN '' ELSE recipient END,"
    " status = CASE WHEN status = 'pending' THEN 'expired' ELSE status END"
)
FILED = " RETURNING id, created_at, filed_at"


def erase(tx: Transaction, person_id: UUID) -> list[Filed]:
    """Blank every message to or naming a person whose details were erased; pending ones
    are not sent. Those that had been written to the mail folder, whose files must go too."""
    who = str(person_id)
    rows = tx.query(
        f"{ERASE} WHERE recipient_id = ?"
        f" OR id IN (SELECT message_id FROM {{{NAMED}}} WHERE person_id = ?){FILED}",
        (who, who, who),
    )
    return _filed(rows)


def erase_message(tx: Transaction, message_id: UUID, person_id: UUID) -> list[Filed]:
    """Blank one message to or naming an erased person (see ``erase``)."""
    return _filed(tx.query(f"{ERASE} WHERE id = ?{FILED}", (str(person_id), str(message_id))))


def _filed(rows: list[Row]) -> list[Filed]:
    return [Filed(UUID(r["id"]), to_instant(r["created_at"])) for r in rows if r["filed_at"]]


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

    def due(self, now: datetime, limit: int) -> list[Due]:
        rows = self.views.query(
            f"SELECT id, recipient, content, attempts FROM {{{TABLE}}}"
            " WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY position, id LIMIT ?",
            (instant(now), limit),
        )
        return [Due(UUID(r["id"]), r["recipient"], r["content"], int(r["attempts"])) for r in rows]

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

    def unfiled(self, limit: int) -> list[tuple[MessageView, str]]:
        rows = self.views.query(
            f"SELECT {SUMMARY_COLUMNS}, content FROM {{{TABLE}}}"
            " WHERE status = 'pending' AND filed_at IS NULL AND content <> ''"
            " ORDER BY position, id LIMIT ?",
            (limit,),
        )
        return [(_view(row), row["content"]) for row in rows]

    def mark_filed(self, message_id: UUID, now: datetime) -> bool:
        """Record that the message is in the mail folder; False if it was blanked (erased or
        expired) since it was read, when its file must go."""
        with self.views.transaction() as tx:
            rows = tx.query(
                f"UPDATE {{{TABLE}}} SET filed_at = ? WHERE id = ? AND content <> '' RETURNING id",
                (instant(now), str(message_id)),
            )
        return bool(rows)

    def counts(self) -> dict[str, int]:
        rows = self.views.query(
            f"SELECT CASE WHEN status = 'pending' AND attempts > 0 THEN 'failing'"
            f" ELSE status END AS state, COUNT(*) AS n FROM {{{TABLE}}} GROUP BY 1"
        )
        found = {row["state"]: int(row["n"]) for row in rows}
        return {status: found.get(status, 0) for status in STATUSES}

    def messages(self, status: str | None = None, limit: int = 100) -> list[MessageView]:
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
        return [_view(row) for row in rows]

    def content(self, message_id: UUID) -> str | None:
        rows = self.views.query(f"SELECT content FROM {{{TABLE}}} WHERE id = ?", (str(message_id),))
        return str(rows[0]["content"]) if rows else None

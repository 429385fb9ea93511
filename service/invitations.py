"""Invitation links (a one-time link to set a first password) and the messages carrying them.

A link's token is a secret, so it is never in an event: only its SHA-256 digest is stored,
and the token itself exists only in the message that carries it (and, once, on the screen of
the programme staff member who sent it). The digest and the message are written in one
transaction, after the person's first event is saved: no message is queued for someone who
does not exist, none without its link, and none for an invitation that failed. The mail
desk moves queued messages into the outbox, which sends them like every other message and
blanks their text once sent. A link that is used, withdrawn or replaced before its message
leaves takes the message with it.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from infrastructure.database import Database, Row, Transaction
from infrastructure.stored_values import instant, to_instant
from service.mail.outgoing import SIGN_UP, Outgoing

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS {invitations} ("
    " token_digest TEXT PRIMARY KEY, person_id TEXT NOT NULL, expires_at TEXT NOT NULL,"
    " used_at TEXT)",
    "CREATE TABLE IF NOT EXISTS {invitation_mail} ("
    " id TEXT PRIMARY KEY, person_id TEXT NOT NULL, position BIGINT NOT NULL,"
    " created_at TEXT NOT NULL, recipient TEXT NOT NULL, subject TEXT NOT NULL,"
    " message_id TEXT NOT NULL, content TEXT NOT NULL, expires_at TEXT NOT NULL,"
    " named TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS invitation_mail_person ON {invitation_mail} (person_id)",
]


class InvitationLinks:
    """On the event store's database, beside the personal details."""

    def __init__(self, database: Database) -> None:
        self.db = database
        self.db.execute_script(SCHEMA)

    def issue(self, digest: str, message: Outgoing) -> None:
        """Add a link (its digest) and queue its message, replacing any earlier link not
        yet used and its message if not yet sent."""
        assert message.expires_at is not None, "an invitation link always expires"
        with self.db.transaction() as tx:
            _withdraw(tx, message.recipient_id)
            tx.execute(
                "INSERT INTO {invitations} (token_digest, person_id, expires_at) VALUES (?, ?, ?)",
                (digest, str(message.recipient_id), message.expires_at.isoformat()),
            )
            tx.execute(
                "INSERT INTO {invitation_mail} (id, person_id, position, created_at, recipient,"
                " subject, message_id, content, expires_at, named)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(message.id),
                    str(message.recipient_id),
                    message.position,
                    instant(message.created_at),
                    message.recipient,
                    message.subject,
                    message.message_id,
                    message.content,
                    instant(message.expires_at),
                    ",".join(str(person) for person in message.named),
                ),
            )

    def person_for(self, digest: str, at: datetime) -> UUID | None:
        """The person an unused, unexpired link is for (without using it), or None."""
        rows = self.db.query(
            "SELECT person_id FROM {invitations} WHERE token_digest = ? AND used_at IS NULL"
            " AND expires_at > ?",
            (digest, at.isoformat()),
        )
        return UUID(rows[0]["person_id"]) if rows else None

    def use(self, digest: str, at: datetime) -> UUID | None:
        """The person the link is for, marking it used; None if unknown, used or old. One
        statement both checks and marks, so a link used twice at once works once. Its
        message, if still queued, is dropped: the link in it is spent."""
        with self.db.transaction() as tx:
            rows = tx.query(
                "UPDATE {invitations} SET used_at = ? WHERE token_digest = ?"
                " AND used_at IS NULL AND expires_at > ? RETURNING person_id",
                (at.isoformat(), digest, at.isoformat()),
            )
            if rows:
                tx.execute(
                    "DELETE FROM {invitation_mail} WHERE person_id = ?", (rows[0]["person_id"],)
                )
        return UUID(rows[0]["person_id"]) if rows else None

    def withdraw(self, person_id: UUID) -> None:
        """Cancel the person's unused links and their unsent messages."""
        with self.db.transaction() as tx:
            _withdraw(tx, person_id)

    def queued(self, limit: int) -> list[Outgoing]:
        """Messages waiting to be moved into the outbox, oldest first."""
        rows = self.db.query(
            "SELECT * FROM {invitation_mail} ORDER BY position, id LIMIT ?", (limit,)
        )
        return [_outgoing(row) for row in rows]

    def forget(self, message_ids: list[UUID]) -> None:
        """Drop queued messages now in the outbox."""
        with self.db.transaction() as tx:
            for message_id in message_ids:
                tx.execute("DELETE FROM {invitation_mail} WHERE id = ?", (str(message_id),))


def erase(tx: Transaction, person_id: UUID) -> None:
    """Within an erasure: the person's links and the queued messages to them. A queued
    message naming them (they sent the invitation) still goes: the mail desk drafts it
    again without them as it takes it into the outbox (``service.mail.erasure``)."""
    who = str(person_id)
    tx.execute("DELETE FROM {invitations} WHERE person_id = ?", (who,))
    tx.execute("DELETE FROM {invitation_mail} WHERE person_id = ?", (who,))


def _withdraw(tx: Transaction, person_id: UUID) -> None:
    who = str(person_id)
    tx.execute("DELETE FROM {invitations} WHERE person_id = ? AND used_at IS NULL", (who,))
    tx.execute("DELETE FROM {invitation_mail} WHERE person_id = ?", (who,))


def _outgoing(row: Row) -> Outgoing:
    return Outgoing(
        id=UUID(row["id"]),
        position=int(row["position"]),
        created_at=to_instant(row["created_at"]),
        kind=SIGN_UP,
        recipient_id=UUID(row["person_id"]),
        recipient=row["recipient"],
        subject=row["subject"],
        message_id=row["message_id"],
        content=row["content"],
        expires_at=to_instant(row["expires_at"]),
        named=tuple(UUID(person) for person in row["named"].split(",") if person),
    )

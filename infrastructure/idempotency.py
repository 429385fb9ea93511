"""Idempotency keys of API writes: the first request with a key claims it by inserting its
row (the primary key lets exactly one of any number of concurrent requests in), and its
answer is kept there for requests sent again with the same key. Rows are kept for a day,
and an erasure deletes them all: an answer may name the person or quote their text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from infrastructure.database import Database, Transaction
from infrastructure.stored_values import instant

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS {api_idempotency} ("
    " caller TEXT NOT NULL, idempotency_key TEXT NOT NULL, request_digest TEXT NOT NULL,"
    " claimed_at TEXT NOT NULL, status INTEGER, content_type TEXT, body TEXT,"
    " PRIMARY KEY (caller, idempotency_key))",
    "CREATE INDEX IF NOT EXISTS api_idempotency_claimed ON {api_idempotency} (claimed_at)",
]
KEPT = timedelta(days=1)


@dataclass(frozen=True)
class Stored:
    """A key's row: the request it was first used with, and its answer once there is one
    (``status`` None while that request is still being answered)."""

    request_digest: str
    claimed_at: datetime
    status: int | None
    content_type: str
    body: str


class IdempotencyKeys:
    def __init__(self, database: Database) -> None:
        self.db = database
        self.db.create_tables(SCHEMA)

    def claim(self, caller: str, key: str, digest: str, at: datetime) -> bool:
        """True if this request is the first with ``key`` (of ``caller``) and now owns it."""
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM {api_idempotency} WHERE claimed_at < ?", (instant(at - KEPT),))
            inserted = tx.query(
                "INSERT INTO {api_idempotency} (caller, idempotency_key, request_digest,"
                " claimed_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (caller, idempotency_key) DO NOTHING RETURNING caller",
                (caller, key, digest, instant(at)),
            )
        return bool(inserted)

    def take_over(self, caller: str, key: str, claimed_before: datetime, at: datetime) -> bool:
        """Claim a key whose first request was never answered (its process died) and was
        claimed before ``claimed_before``; True for the one request that gets it."""
        with self.db.transaction() as tx:
            taken = tx.query(
                "UPDATE {api_idempotency} SET claimed_at = ? WHERE caller = ?"
                " AND idempotency_key = ? AND status IS NULL AND claimed_at < ? RETURNING caller",
                (instant(at), caller, key, instant(claimed_before)),
            )
        return bool(taken)

    def stored(self, caller: str, key: str) -> Stored | None:
        rows = self.db.query(
            "SELECT request_digest, claimed_at, status, content_type, body"
            " FROM {api_idempotency} WHERE caller = ? AND idempotency_key = ?",
            (caller, key),
        )
        if not rows:
            return None
        row = rows[0]
        return Stored(
            row["request_digest"],
            datetime.fromisoformat(row["claimed_at"]),
            row["status"],
            row["content_type"] or "",
            row["body"] or "",
        )

    def answer(self, caller: str, key: str, status: int, content_type: str, body: str) -> None:
        self.db.execute(
            "UPDATE {api_idempotency} SET status = ?, content_type = ?, body = ?"
            " WHERE caller = ? AND idempotency_key = ?",
            (status, content_type, body, caller, key),
        )

    def forget_all(self) -> None:
        """Every kept answer (after a text is removed on request: one may quote it)."""
        with self.db.transaction() as tx:
            forget_all_in(tx)

    def release(self, caller: str, key: str) -> None:
        """Forget a claim whose request failed on our side: it may be sent again."""
        self.db.execute(
            "DELETE FROM {api_idempotency} WHERE caller = ? AND idempotency_key = ?"
            " AND status IS NULL",
            (caller, key),
        )


def forget_all_in(tx: Transaction) -> None:
    """Within an erasure: every kept answer, its bytes zeroed on SQLite."""
    if not tx.database.is_postgres:
        tx.cursor.execute("PRAGMA secure_delete = ON")
    tx.execute("DELETE FROM {api_idempotency}")

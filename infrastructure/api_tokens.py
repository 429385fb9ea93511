"""Personal API tokens: one row per token, beside the personal details and sign-ins.

Only the SHA-256 digest of a token is stored, so the table cannot be used to call the API.
Each use moves ``last_used_at`` and counts the request in its minute (for the rate limit)
in the same statement that finds the token. Erasing a person deletes their tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from infrastructure.credentials import new_token, token_digest
from infrastructure.database import Database, Transaction
from infrastructure.stored_values import instant, key, maybe_to_instant, to_instant

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS {api_tokens} ("
    " token_id TEXT PRIMARY KEY, token_digest TEXT NOT NULL UNIQUE, person_id TEXT NOT NULL,"
    " name TEXT NOT NULL, created_at TEXT NOT NULL, last_used_at TEXT,"
    " minute TEXT NOT NULL DEFAULT '', used_in_minute INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS api_tokens_person ON {api_tokens} (person_id)",
]


@dataclass(frozen=True)
class StoredToken:
    token_id: UUID
    name: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class TokenUse:
    """A token just used: whose it is, and the requests made with it in this minute."""

    token_id: UUID
    person_id: UUID
    used_in_minute: int


class ApiTokenTable:
    def __init__(self, database: Database) -> None:
        self.db = database
        self.db.create_tables(SCHEMA)

    def add(self, person_id: UUID, name: str, at: datetime) -> tuple[UUID, str]:
        """A new token of the person: its id, and the token itself (stored nowhere)."""
        token_id, token = uuid4(), new_token()
        self.db.execute(
            "INSERT INTO {api_tokens} (token_id, token_digest, person_id, name, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (key(token_id), token_digest(token), key(person_id), name, instant(at)),
        )
        return token_id, token

    def of(self, person_id: UUID) -> list[StoredToken]:
        rows = self.db.query(
            "SELECT token_id, name, created_at, last_used_at FROM {api_tokens}"
            " WHERE person_id = ? ORDER BY created_at, token_id",
            (key(person_id),),
        )
        return [
            StoredToken(
                UUID(r["token_id"]),
                r["name"],
                to_instant(r["created_at"]),
                maybe_to_instant(r["last_used_at"]),
            )
            for r in rows
        ]

    def remove(self, person_id: UUID, token_id: UUID) -> bool:
        """Delete the person's token; False if they have none with that id."""
        with self.db.transaction() as tx:
            gone = tx.query(
                "DELETE FROM {api_tokens} WHERE person_id = ? AND token_id = ? RETURNING token_id",
                (key(person_id), key(token_id)),
            )
        return bool(gone)

    def use(self, token: str, at: datetime) -> TokenUse | None:
        """Whose ``token`` is, counting this use in its minute; None for no such token."""
        minute = instant(at)[:16]
        with self.db.transaction() as tx:
            rows = tx.query(
                "UPDATE {api_tokens} SET last_used_at = ?,"
                " used_in_minute = CASE WHEN minute = ? THEN used_in_minute + 1 ELSE 1 END,"
                " minute = ? WHERE token_digest = ? RETURNING token_id, person_id, used_in_minute",
                (instant(at), minute, minute, token_digest(token)),
            )
        if not rows:
            return None
        row = rows[0]
        return TokenUse(UUID(row["token_id"]), UUID(row["person_id"]), int(row["used_in_minute"]))


def remove_all_in(tx: Transaction, person_id: UUID) -> None:
    """Within another transaction (an erasure): delete every token of the person."""
    tx.execute("DELETE FROM {api_tokens} WHERE person_id = ?", (key(person_id),))

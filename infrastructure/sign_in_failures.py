"""Failed sign-ins, counted by key (an account, a client address), on the event store's
database, so that every web process of an installation counts the same failures.

A failure is kept for ``WINDOW``. A key with its limit of failures in the window is refused
until enough of them leave it: never longer than the window after the last one. Keys are
stored as digests: the table holds no email or client address.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from infrastructure.credentials import token_digest
from infrastructure.database import Database
from infrastructure.stored_values import instant, marks, to_instant

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS {sign_in_failures} (key TEXT NOT NULL, failed_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sign_in_failures_key ON {sign_in_failures} (key, failed_at)",
]
WINDOW = timedelta(minutes=15)


class SignInFailures:
    def __init__(self, database: Database) -> None:
        self.db = database
        self.db.execute_script(SCHEMA)

    def refused_until(self, limits: dict[str, int], at: datetime) -> datetime | None:
        """When every key of ``limits`` (key: most failures in the window) may try again;
        None if none has reached its limit."""
        since = instant(at - WINDOW)
        digests = {token_digest(key): limit for key, limit in limits.items()}
        keys = list(digests)
        rows = self.db.query(
            f"SELECT key, failed_at FROM {{sign_in_failures}} WHERE key IN ({marks(len(keys))})"
            " AND failed_at > ? ORDER BY failed_at DESC",
            [*keys, since],
        )
        until = None
        for key, limit in digests.items():
            times = [to_instant(row["failed_at"]) for row in rows if row["key"] == key]
            if len(times) >= limit:
                free_at = times[limit - 1] + WINDOW  # when fewer than ``limit`` remain
                until = free_at if until is None else max(until, free_at)
        return until

    def record(self, keys: Sequence[str], at: datetime) -> None:
        """A failure for each key; failures older than the window are forgotten."""
        with self.db.transaction() as tx:
            tx.execute(
                "DELETE FROM {sign_in_failures} WHERE failed_at <= ?", (instant(at - WINDOW),)
            )
            for key in keys:
                tx.execute(
                    "INSERT INTO {sign_in_failures} (key, failed_at) VALUES (?, ?)",
                    (token_digest(key), instant(at)),
                )

    def forget(self, key: str) -> None:
        """Clear a key's failures (its owner has just signed in)."""
        self.db.execute("DELETE FROM {sign_in_failures} WHERE key = ?", (token_digest(key),))

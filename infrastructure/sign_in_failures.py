"""Failed sign-ins, counted by key (an account, a client address), on the event store's
database, so that every web process of an installation counts the same failures.

A failure is kept for the window (``Throttles.window``). A key with its limit of failures
in the window is refused until enough of them leave it: never longer than the window after
the last one. Keys are stored as digests: the table holds no email or client address.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from infrastructure.credentials import token_digest
from infrastructure.database import Database
from infrastructure.settings import Settings, whole_number
from infrastructure.stored_values import instant, marks, to_instant

PREFIX = "EXPERTBANK_SIGN_IN_"
LINKS = "EXPERTBANK_PASSWORD_LINKS_"
SCHEMA = [
    "CREATE TABLE IF NOT EXISTS {sign_in_failures} (key TEXT NOT NULL, failed_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sign_in_failures_key ON {sign_in_failures} (key, failed_at)",
]


@dataclass(frozen=True)
class Throttles:
    """How many failed sign-ins are allowed in ``window``: to one account from one client
    address (someone mistyping their own password is stopped there), to one account from
    anywhere (guessing from many addresses is slowed), from one address to any accounts
    (trying many accounts is slowed); and how many links to choose a new password go to
    one address, and are asked for from one client address. None of them holds anyone
    out for longer than the window."""

    window: timedelta = timedelta(minutes=15)
    per_account_and_address: int = 5
    per_account: int = 20
    per_address: int = 50
    links_per_account: int = 3
    links_per_address: int = 10

    @classmethod
    def from_settings(cls, settings: Settings) -> Throttles:
        env, most = settings.extra, 100_000
        return cls(
            window=timedelta(minutes=whole_number(env, f"{PREFIX}WINDOW_MINUTES", 15, 1, 24 * 60)),
            per_account_and_address=whole_number(
                env, f"{PREFIX}FAILURES_PER_ACCOUNT_AND_ADDRESS", 5, 1, most
            ),
            per_account=whole_number(env, f"{PREFIX}FAILURES_PER_ACCOUNT", 20, 1, most),
            per_address=whole_number(env, f"{PREFIX}FAILURES_PER_ADDRESS", 50, 1, most),
            links_per_account=whole_number(
                env, "EXPERTBANK_PASSWORD_LINKS_PER_ACCOUNT", 3, 1, most
            ),
            links_per_address=whole_number(
                env, "EXPERTBANK_PASSWORD_LINKS_PER_ADDRESS", 10, 1, most
            ),
        )


class SignInFailures:
    def __init__(self, database: Database, throttles: Throttles) -> None:
        self.db = database
        self.throttles = throttles
        self.db.execute_script(SCHEMA)

    def refused_until(self, limits: dict[str, int], at: datetime) -> datetime | None:
        """When every key of ``limits`` (key: most failures in the window) may try again;
        None if none has reached its limit."""
        since = instant(at - self.throttles.window)
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
                free_at = (
                    times[limit - 1] + self.throttles.window
                )  # when fewer than ``limit`` remain
                until = free_at if until is None else max(until, free_at)
        return until

    def record(self, keys: Sequence[str], at: datetime) -> None:
        """A failure for each key; failures older than the window are forgotten."""
        with self.db.transaction() as tx:
            tx.execute(
                "DELETE FROM {sign_in_failures} WHERE failed_at <= ?",
                (instant(at - self.throttles.window),),
            )
            for key in keys:
                tx.execute(
                    "INSERT INTO {sign_in_failures} (key, failed_at) VALUES (?, ?)",
                    (token_digest(key), instant(at)),
                )

    def forget(self, key: str) -> None:
        """Clear a key's failures (its owner has just signed in)."""
        self.db.execute("DELETE FROM {sign_in_failures} WHERE key = ?", (token_digest(key),))

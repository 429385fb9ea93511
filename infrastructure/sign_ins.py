"""Who is signed in where: one row per sign-in, beside the personal details.

A session cookie carries a random token; only its SHA-256 digest is stored, so the table
cannot be used to sign in. Signing out deletes the row, so a copy of the cookie taken
before stops working; a password change, erasure or deactivation deletes every row of
that person. A sign-in also ends when it has not been used for ``idle`` or is older than
``lifetime``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from infrastructure.credentials import new_token, token_digest
from infrastructure.database import Database, Transaction
from infrastructure.settings import Settings, whole_number
from infrastructure.sign_in_failures import SignInFailures, Throttles
from infrastructure.stored_values import instant, key, to_instant

IDLE_SETTING = "EXPERTBANK_SESSION_IDLE_MINUTES"
LIFETIME_SETTING = "EXPERTBANK_SESSION_HOURS"

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS {sign_ins} ("
    " token_digest TEXT PRIMARY KEY, person_id TEXT NOT NULL, started_at TEXT NOT NULL,"
    " last_seen_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sign_ins_person ON {sign_ins} (person_id)",
]

# Use moves ``last_seen_at`` on at most this often, so most requests only read.
SEEN_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Limits:
    """How long a sign-in lasts unused (``idle``) and at most (``lifetime``)."""

    idle: timedelta = timedelta(minutes=60)
    lifetime: timedelta = timedelta(hours=12)

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        env = settings.extra
        return cls(
            idle=timedelta(minutes=whole_number(env, IDLE_SETTING, 60, 1, 7 * 24 * 60)),
            lifetime=timedelta(hours=whole_number(env, LIFETIME_SETTING, 12, 1, 90 * 24)),
        )


class SignIns:
    """The sign-ins table, on the event store's database."""

    def __init__(self, database: Database, limits: Limits, throttles: Throttles) -> None:
        self.db = database
        self.limits = limits
        self.db.execute_script(SCHEMA)
        self.failures = SignInFailures(database, throttles)

    def start(self, person_id: UUID, at: datetime) -> str:
        """A new sign-in; its token, for the session cookie only. Ended ones are cleared."""
        token = new_token()
        with self.db.transaction() as tx:
            self._clear_ended(tx, at)
            tx.execute(
                "INSERT INTO {sign_ins} (token_digest, person_id, started_at, last_seen_at)"
                " VALUES (?, ?, ?, ?)",
                (token_digest(token), key(person_id), instant(at), instant(at)),
            )
        return token

    def person(self, token: str, at: datetime) -> UUID | None:
        """Whose sign-in ``token`` is, marking it used at ``at``; None once it has ended."""
        digest = token_digest(token)
        rows = self.db.query(
            "SELECT person_id, started_at, last_seen_at FROM {sign_ins} WHERE token_digest = ?",
            (digest,),
        )
        if not rows:
            return None
        started, seen = to_instant(rows[0]["started_at"]), to_instant(rows[0]["last_seen_at"])
        if at - seen >= self.limits.idle or at - started >= self.limits.lifetime:
            self.end(token)
            return None
        if at - seen >= SEEN_EVERY:
            self.db.execute(
                "UPDATE {sign_ins} SET last_seen_at = ? WHERE token_digest = ?",
                (instant(at), digest),
            )
        return UUID(rows[0]["person_id"])

    def end(self, token: str) -> None:
        self.db.execute("DELETE FROM {sign_ins} WHERE token_digest = ?", (token_digest(token),))

    def end_all(self, person_id: UUID) -> None:
        """End every sign-in of the person, wherever they are."""
        with self.db.transaction() as tx:
            end_all_in(tx, person_id)

    def _clear_ended(self, tx: Transaction, at: datetime) -> None:
        tx.execute(
            "DELETE FROM {sign_ins} WHERE last_seen_at <= ? OR started_at <= ?",
            (instant(at - self.limits.idle), instant(at - self.limits.lifetime)),
        )


def end_all_in(tx: Transaction, person_id: UUID) -> None:
    """Within another transaction (an erasure): end every sign-in of the person."""
    tx.execute("DELETE FROM {sign_ins} WHERE person_id = ?", (key(person_id),))

"""At most one worker per installation, enforced rather than hoped for.

SQLite: an exclusive ``flock`` on a file in the data folder. PostgreSQL: a session advisory
lock, keyed by the schema, held on a connection of its own. Both are released by the
operating system or the server when the process dies, so a killed worker never blocks the
next one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
from typing import Any

from infrastructure.settings import Settings, postgres_env


class WorkerLockLost(RuntimeError):
    """The worker no longer holds the lock (its database connection was lost, as when the
    server restarts): another worker may hold it now, so this one must do nothing more."""


class WorkerLock:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._held: Any = None
        self._key = 0

    def check(self) -> None:
        """Raise WorkerLockLost unless this process still holds the lock: called before
        each message is sent and each job runs, so that a worker that lost it (and may
        have been replaced) never works beside its successor."""
        if not self.held():
            raise WorkerLockLost("this worker lost its lock: another may be running")

    def held(self) -> bool:
        if self._held is None:
            return False
        if not self.settings.uses_postgres:
            return True  # a file lock is lost only with the process
        classid, objid = (self._key >> 32) & 0xFFFFFFFF, self._key & 0xFFFFFFFF
        try:
            row = self._held.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
                " AND pid = pg_backend_pid() AND granted AND objsubid = 1"
                " AND classid = %s::bigint::oid AND objid = %s::bigint::oid)",
                (classid, objid),
            ).fetchone()
        except Exception:
            return False
        return bool(row and row[0])

    def acquire(self) -> bool:
        """True if this process is now the worker; False if another one is."""
        if self._held is None:
            self._held = self._postgres() if self.settings.uses_postgres else self._file()
        return self._held is not None

    def release(self) -> None:
        """Let the lock go before this call returns. On PostgreSQL it is unlocked first:
        the server frees a closed connection's locks only once its backend has ended,
        after ``close`` has returned, so a worker started next could find it still held."""
        if self._held is None:
            return
        if self.settings.uses_postgres:
            with contextlib.suppress(Exception):  # a lost connection holds no lock
                self._held.execute("SELECT pg_advisory_unlock(%s)", (self._key,))
        self._held.close()
        self._held = None

    def _file(self) -> Any:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        handle = open(self.settings.data_dir / "worker.lock", "a+")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return None
        return handle

    def _postgres(self) -> Any:
        import psycopg

        env = postgres_env(self.settings.database_url)
        connection = psycopg.connect(
            dbname=env["POSTGRES_DBNAME"],
            host=env["POSTGRES_HOST"],
            port=env["POSTGRES_PORT"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"],
            autocommit=True,
        )
        key = self._key = advisory_key(env["POSTGRES_SCHEMA"])
        row = connection.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
        if not row or not row[0]:
            connection.close()
            return None
        return connection


def advisory_key(schema: str) -> int:
    """The advisory lock's key for the installation in ``schema`` (empty: public)."""
    scope = f"expertbank-worker:{schema or 'public'}"
    return int.from_bytes(hashlib.sha256(scope.encode()).digest()[:8], "big", signed=True)

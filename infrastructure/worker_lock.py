"""At most one worker per installation, enforced rather than hoped for.

SQLite: an exclusive ``flock`` on a file in the data folder. PostgreSQL: a session advisory
lock, keyed by the schema, held on a connection of its own. Both are released by the
operating system or the server when the process dies, so a killed worker never blocks the
next one.
"""

from __future__ import annotations

import fcntl
import hashlib
from typing import Any

from infrastructure.settings import Settings, postgres_env


class WorkerLock:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._held: Any = None

    def acquire(self) -> bool:
        """True if this process is now the worker; False if another one is."""
        if self._held is None:
            self._held = self._postgres() if self.settings.uses_postgres else self._file()
        return self._held is not None

    def release(self) -> None:
        if self._held is not None:
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
        scope = f"expertbank-worker:{env['POSTGRES_SCHEMA'] or 'public'}"
        key = int.from_bytes(hashlib.sha256(scope.encode()).digest()[:8], "big", signed=True)
        row = connection.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
        if not row or not row[0]:
            connection.close()
            return None
        return connection

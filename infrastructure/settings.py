"""Settings read from the environment, with defaults for the embedded set-up."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from domain.errors import InvalidInput
from infrastructure.key_files import kept_key

DEFAULT_DATA_DIR = "./var"
SESSION_KEY_FILE = "session.key"
DATABASE_WAIT_SETTING = "EXPERTBANK_DATABASE_WAIT_SECONDS"
DATABASE_WAIT_SECONDS = 5


@dataclass(frozen=True)
class Settings:
    """What a person configures. ``database_url`` empty means SQLite in ``data_dir``."""

    data_dir: Path = Path(DEFAULT_DATA_DIR)
    database_url: str = ""
    hold_hours: int = 48
    secret_key: str = ""
    views_mode: str = ""
    aggregate_cache_size: int = 20_000
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            data_dir=Path(env.get("EXPERTBANK_DATA_DIR") or DEFAULT_DATA_DIR),
            database_url=env.get("EXPERTBANK_DATABASE_URL", ""),
            hold_hours=int(env.get("EXPERTBANK_HOLD_HOURS", "48")),
            secret_key=env.get("EXPERTBANK_SECRET_KEY", ""),
            views_mode=env.get("EXPERTBANK_VIEWS", ""),
            extra={k: v for k, v in env.items() if k.startswith("EXPERTBANK_")},
        )

    def session_key(self) -> str:
        """The key signing session cookies: the setting, or else a key made once and kept
        in the data folder (``session.key``, mode 600), so that every web process of this
        installation shares it."""
        if self.secret_key:
            return self.secret_key
        return kept_key(self.data_dir / SESSION_KEY_FILE, _new_session_key).decode("ascii")

    @property
    def uses_postgres(self) -> bool:
        return bool(self.database_url)

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "expertbank.sqlite"

    @property
    def views_path(self) -> Path:
        """The SQLite file of the read models, apart from the events' single writer."""
        return self.data_dir / "views.sqlite"

    @property
    def views_inline(self) -> bool:
        """Whether each process applies new events to the views itself (``inline``, the
        default on SQLite) or a worker does (``worker``, the default on PostgreSQL)."""
        mode = self.views_mode or ("worker" if self.uses_postgres else "inline")
        if mode not in ("inline", "worker"):
            raise InvalidInput(
                "EXPERTBANK_VIEWS must be inline or worker", field="EXPERTBANK_VIEWS"
            )
        return mode == "inline"

    def eventsourcing_env(self) -> dict[str, str]:
        """The eventsourcing library's settings for this store. Its aggregate cache stays off:
        each process keeps its own (``infrastructure/aggregate_cache.py``), safe to share
        between threads."""
        if not self.uses_postgres:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": "10",
                # The library's recorder, checking what a save relies on (see the class).
                "APPLICATION_RECORDER_TOPIC": (
                    "infrastructure.eventsourcing_internals:SQLiteEventRecorder"
                ),
            }
        wait = whole_number(self.extra, DATABASE_WAIT_SETTING, DATABASE_WAIT_SECONDS, 1, 120)
        return postgres_env(self.database_url, wait_seconds=wait)


def postgres_env(url: str, *, wait_seconds: int = DATABASE_WAIT_SECONDS) -> dict[str, str]:
    """Map ``postgresql://user:password@host:port/db?schema=name`` to the library's keys.
    ``wait_seconds``: how long to wait for a connection (to connect, or for one of the
    pool's to be free) before giving up; while the server is away, each request fails
    after that long (a page saying so, HTTP 503), rather than hanging."""
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise InvalidInput(
            "EXPERTBANK_DATABASE_URL must start postgresql:// (or be empty for SQLite)",
            field="EXPERTBANK_DATABASE_URL",
        )
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname:
        raise InvalidInput(
            "EXPERTBANK_DATABASE_URL must name a database, as in postgresql://user@host/db",
            field="EXPERTBANK_DATABASE_URL",
        )
    query = parse_qs(parts.query)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or os.environ.get("USER", "postgres")),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_SCHEMA": query.get("schema", [""])[0],
        "POSTGRES_LOCK_TIMEOUT": "10",
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "10",
        "POSTGRES_CONNECT_TIMEOUT": str(wait_seconds),
        "POSTGRES_POOL_SIZE": "10",
        "POSTGRES_MAX_OVERFLOW": "20",
        # The library's recorder, saving in one round trip (see the module).
        "APPLICATION_RECORDER_TOPIC": "infrastructure.postgres_recorder:EventRecorder",
    }


def _new_session_key() -> bytes:
    return secrets.token_hex(32).encode("ascii")


def whole_number(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """The setting ``name`` from ``low`` to ``high`` (``default`` when unset), or a refusal
    naming it."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidInput(f"{name} must be a whole number from {low} to {high}", field=name)
    return int(raw)

"""The secrets of connected calendars: their addresses, user names and app passwords.

A private calendar address is as good as a password (anyone who has it reads the diary),
so neither is ever put in an event, a log line or a page after it is typed. Each is
sealed (Fernet: AES-128-CBC with an HMAC) with a key from the settings and kept in
``calendar_access`` beside the event store, by connection id. ``EXPERTBANK_CALENDAR_KEY``
may list several keys, newest first: the first seals, any of them opens, so keys can be
rotated. Without the setting, the embedded (SQLite) set-up makes a key file of its own in
the data folder; with PostgreSQL the setting is needed, since processes on several
machines must share the key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from domain.errors import InvalidInput
from infrastructure.database import Database
from infrastructure.key_files import kept_key

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS {calendar_access} ("
    " connection_id TEXT PRIMARY KEY, sealed TEXT NOT NULL)",
]
KEY_FILE = "calendar.key"


class KeyMissing(InvalidInput):
    """No key to seal calendar secrets with: the operator must set one."""


@dataclass(frozen=True)
class Access:
    """Where a calendar is and how to sign in to it. Never shown: its repr hides it all."""

    url: str = field(repr=False)
    username: str = field(default="", repr=False)
    password: str = field(default="", repr=False)

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.username, self.password) if self.username or self.password else None


def load_keys(setting: str, data_dir: Path, *, may_make_file: bool) -> MultiFernet | None:
    """The keys from the setting; or the data folder's key file, made if allowed."""
    if setting:
        try:
            return MultiFernet([Fernet(k.strip()) for k in setting.split(",") if k.strip()])
        except ValueError:
            raise InvalidInput(
                "EXPERTBANK_CALENDAR_KEY must be keys made by "
                "'expertbank calendar new-key', separated by commas",
                field="EXPERTBANK_CALENDAR_KEY",
            ) from None
    path = data_dir / KEY_FILE
    if not path.exists() and not may_make_file:
        return None
    return MultiFernet([Fernet(kept_key(path, Fernet.generate_key))])


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


class CalendarAccess:
    """Sealed calendar secrets on the event store's database."""

    def __init__(self, database: Database, keys: MultiFernet | None) -> None:
        self.database = database
        self.keys = keys
        database.create_tables(SCHEMA)

    def _keys(self) -> MultiFernet:
        if self.keys is None:
            raise KeyMissing(
                "calendars cannot be connected until the operator sets "
                "EXPERTBANK_CALENDAR_KEY (see the README)",
                field="kind",
            )
        return self.keys

    def put(self, connection_id: UUID, access: Access) -> None:
        plain = json.dumps(
            {"url": access.url, "username": access.username, "password": access.password}
        )
        sealed = self._keys().encrypt(plain.encode()).decode("ascii")
        with self.database.transaction() as tx:
            tx.execute(
                "DELETE FROM {calendar_access} WHERE connection_id = ?", (str(connection_id),)
            )
            tx.execute(
                "INSERT INTO {calendar_access} (connection_id, sealed) VALUES (?, ?)",
                (str(connection_id), sealed),
            )

    def get(self, connection_id: UUID) -> Access | None:
        """The secrets, or None if there are none (or the keys no longer open them)."""
        rows = self.database.query(
            "SELECT sealed FROM {calendar_access} WHERE connection_id = ?", (str(connection_id),)
        )
        if not rows or self.keys is None:
            return None
        try:
            plain = json.loads(self.keys.decrypt(rows[0]["sealed"].encode()))
        except InvalidToken:
            return None
        return Access(plain["url"], plain["username"], plain["password"])

    def forget(self, connection_id: UUID) -> None:
        self.database.execute(
            "DELETE FROM {calendar_access} WHERE connection_id = ?", (str(connection_id),)
        )

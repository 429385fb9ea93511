"""The side tables an archive carries beside the events: each a named part, copied row by
row as stored.

What is left out, and why: sign-ins and failed sign-ins (everyone signs in again), the
views (built again from the events), the audit chain (hashed again, and checked against
the archive's head), the busy times read from providers' own calendars (read again in
full: without their old ETags, the next reading finds every calendar changed) and the
record of past verifications.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from infrastructure import api_tokens, calendar_access, directory, texts
from infrastructure.database import Database, Row, Transaction
from projections.sessions import SessionRows
from service import invitations
from service.archive.file import BadArchive
from service.calendars import feeds
from service.mail import outbox
from service.mail.derivation import SESSIONS

BATCH = 5_000
_COLUMN = re.compile(r"[a-z][a-z0-9_]{0,62}")
_PLAIN = (str, int, float, type(None))


@dataclass(frozen=True)
class Part:
    """One table: its name in the archive, its key (rows are read in its order), the
    statements creating it, and which database it is in (``views``: the read models')."""

    name: str
    table: str
    key: tuple[str, ...]
    schema: Sequence[str]
    in_views: bool = False
    upto: str | None = None
    """A column of positions in the log: only rows up to the position exported are taken."""

    @property
    def file(self) -> str:
        return f"{self.name}.jsonl"

    def database(self, store: Database, views: Database) -> Database:
        """The database it is in (made there if missing: a table made on first use)."""
        database = views if self.in_views else store
        database.create_tables(self.schema)
        return database

    def rows(self, database: Database, position: int) -> Iterator[Row]:
        """Every row (up to ``position``, if ``upto``), in key order, a batch at a time."""
        keys = ", ".join(self.key)
        marks = ", ".join("?" for _ in self.key)
        after: tuple[Any, ...] = ()
        while True:
            where = [f"{self.upto} <= {int(position)}"] if self.upto else []
            if after:
                where.append(f"({keys}) > ({marks})")
            found = database.query(
                f"SELECT * FROM {{{self.table}}}"
                + (f" WHERE {' AND '.join(where)}" if where else "")
                + f" ORDER BY {keys} LIMIT {BATCH}",
                after,
            )
            yield from found
            if len(found) < BATCH:
                return
            after = tuple(found[-1][column] for column in self.key)

    def count(self, tx: Transaction) -> int:
        return int(tx.query(f"SELECT COUNT(*) AS n FROM {{{self.table}}}")[0]["n"])

    def write(self, tx: Transaction, rows: Sequence[Row]) -> None:
        """Insert ``rows`` as the archive has them: each with the same columns, named as
        columns are, and plain values (BadArchive if not)."""
        if not rows:
            return
        columns = list(rows[0])
        if not all(_COLUMN.fullmatch(column) for column in columns) or any(
            list(row) != columns or not all(type(v) in _PLAIN for v in row.values()) for row in rows
        ):
            raise BadArchive(f"{self.file} has a row that is not one of {self.table}'s rows")
        statement = (
            f"INSERT INTO {{{self.table}}} ({', '.join(columns)})"
            f" VALUES ({', '.join('?' for _ in columns)})"
        )
        tx.flush()
        tx.cursor.executemany(tx.sql(statement), [[row[c] for c in columns] for row in rows])


PEOPLE = Part("person_details", "person_details", ("person_id",), directory.SCHEMA)
"""Names, email addresses and phone numbers (erased ones as erased). Free text people
typed is in ``texts`` (erased ones blank), which events refer to."""

PARTS: tuple[Part, ...] = (
    PEOPLE,
    Part("credentials", "credentials", ("person_id",), directory.SCHEMA),
    Part("texts", "texts", ("text_id",), texts.SCHEMA),
    Part("invitations", "invitations", ("token_digest",), invitations.SCHEMA),
    Part("invitation_mail", "invitation_mail", ("id",), invitations.SCHEMA),
    Part("calendar_feeds", "calendar_feeds", ("token_digest",), feeds.SCHEMA),
    Part("calendar_access", "calendar_access", ("connection_id",), calendar_access.SCHEMA),
    Part("api_tokens", "api_tokens", ("token_id",), api_tokens.SCHEMA),
    Part(outbox.TABLE, outbox.TABLE, ("id",), outbox.SCHEMA, in_views=True, upto="position"),
    Part(outbox.NAMED, outbox.NAMED, ("person_id", "message_id"), outbox.SCHEMA, in_views=True),
    Part(outbox.SOURCES, outbox.SOURCES, ("message_id",), outbox.SCHEMA, in_views=True),
    Part(SESSIONS, SESSIONS, ("booking_id",), SessionRows(SESSIONS).schema(), in_views=True),
)
"""Every part, in the order they are restored."""

OUTBOX = "outbox"
"""The projection the outbox's parts belong to: its position travels with them, so that
no message is derived, and sent, a second time from events it already mailed about; and
so do the sessions it drafts from (``outbox_sessions``), so that a later move or
cancellation of a session booked before the move is mailed as usual."""

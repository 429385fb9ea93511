"""Free text kept out of the stored events, so that it can be erased (forgettable
payloads).

What people type (a booking's "what to cover", reasons, session notes, feedback comments,
a request's need...) is stored in the ``texts`` table, one row per value, with its author,
the person it is about (if any), when it was written, and the event it belongs to. The
stored event holds only a reference in its place: ``text:`` and the row's 32 hex digits.
Events are never changed, so erasing a text blanks its row; the event, its bytes and its
link in the audit chain stay as they were.

The mapper (``TextMapper``) moves the values out as events are stored and puts them back
as aggregates are read; the views keep the references, and their queries look the texts
up when they are read (``Texts.resolve``), as they look up people's names.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import get_topic

from infrastructure.database import Database, Row, Transaction
from infrastructure.stored_values import instant, marks

# Every free-text field of every event, by topic.
FREE_TEXT: dict[str, tuple[str, ...]] = {
    "expertbank:Booking.Booked": ("cover",),
    "expertbank:Booking.Rescheduled": ("reason",),
    "expertbank:Booking.Cancelled": ("reason",),
    "expertbank:Booking.SessionRecorded": ("notes", "outcomes", "actions"),
    "expertbank:Booking.FeedbackGiven": ("comment",),
    "expertbank:Engagement.Closed": ("reason",),
    "expertbank:ExpressionOfInterest.Submitted": ("need", "outcomes"),
    "expertbank:ExpressionOfInterest.Declined": ("reason",),
    "expertbank:ExpressionOfInterest.Withdrawn": ("reason",),
    "expertbank:ExpressionOfInterest.Closed": ("reason",),
    "expertbank:Person.Deactivated": ("reason",),
    "expertbank:Person.ThemesDeclined": ("reason",),
    "expertbank:TimeOff.Added": ("note",),
    "expertbank:Resource.Withdrawn": ("reason",),
    "expertbank:TextRemoval.Recorded": ("reason",),
}
# Texts about a person other than their author: erasing that person erases them too.
ABOUT_THE_RECORD = frozenset({"expertbank:Person.Deactivated", "expertbank:Person.ThemesDeclined"})

PREFIX = "text:"
_REFERENCE = re.compile(r"text:[0-9a-f]{32}")
_LONDON = ZoneInfo("Europe/London")

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS {texts} ("
    " text_id TEXT PRIMARY KEY, author_id TEXT NOT NULL, subject_id TEXT,"
    " written_at TEXT NOT NULL, aggregate_id TEXT NOT NULL, topic TEXT NOT NULL,"
    " field TEXT NOT NULL, body TEXT, removed_at TEXT)",
    "CREATE INDEX IF NOT EXISTS texts_by_author ON {texts} (author_id)",
    "CREATE INDEX IF NOT EXISTS texts_by_subject ON {texts} (subject_id)",
]


def is_reference(value: object) -> bool:
    return type(value) is str and len(value) == 37 and _REFERENCE.fullmatch(value) is not None


def references_in(value: str) -> list[str]:
    """Every reference to a text within ``value`` (a message's stored source, say)."""
    return _REFERENCE.findall(value)


def reference(text_id: str) -> str:
    return PREFIX + text_id


def text_id_of(ref: str) -> str:
    return ref.removeprefix(PREFIX)


def removed_note(removed_at: str) -> str:
    """What stands in place of an erased text: "(removed on request, 3 December 2026)"."""
    day = datetime.fromisoformat(removed_at).astimezone(_LONDON)
    return f"(removed on request, {day.day} {day:%B %Y})"


@dataclass(frozen=True)
class Text:
    """One stored text, as the export and the staff pages see it; ``body`` is None once
    erased."""

    text_id: str
    author_id: str
    subject_id: str | None
    written_at: str
    aggregate_id: str
    topic: str
    field: str
    body: str | None
    removed_at: str | None

    @property
    def shown(self) -> str:
        return self.body if self.body is not None else removed_note(self.removed_at or "")


class Texts:
    """The ``texts`` table, on the event store's database. Its interface for other parts
    (export, erasure, pages): ``put``, ``get``, ``resolve``, ``erase``, ``erase_person``,
    ``every`` and ``restore``."""

    def __init__(self, database: Database) -> None:
        self.db = database
        self.db.create_tables(SCHEMA)

    def put(self, rows: Sequence[Text]) -> None:
        """Keep new texts, in a transaction of their own before their events are stored.
        Their ids are new each time, so a save that fails (a conflict, to be tried again)
        leaves rows no event refers to, never a row shared by two attempts."""
        if not rows:
            return
        with self.db.transaction() as tx:
            if self.db.is_postgres:
                # Its commit need not wait for the disk: the events' commit, which refers
                # to these rows, comes after it and flushes the log up to itself.
                tx.execute("SET LOCAL synchronous_commit = off")
            self.put_in(tx, rows)

    def put_in(self, tx: Transaction, rows: Sequence[Text]) -> None:
        forget_for_good(tx)
        tx.cursor.executemany(
            tx.sql(
                "INSERT INTO {texts} (text_id, author_id, subject_id, written_at,"
                " aggregate_id, topic, field, body, removed_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            [_values(row) for row in rows],
        )

    def restore(self, rows: Iterable[Text]) -> None:
        """Put texts back as they were exported (import), erased ones erased."""
        self.put(list(rows))

    def get(self, text_id: str) -> Text | None:
        rows = self.db.query("SELECT * FROM {texts} WHERE text_id = ?", (text_id,))
        return _text(rows[0]) if rows else None

    def many(self, text_ids: Iterable[str]) -> dict[str, Text]:
        wanted = sorted(set(text_ids))
        found: dict[str, Text] = {}
        for offset in range(0, len(wanted), 500):
            chunk = wanted[offset : offset + 500]
            rows = self.db.query(
                f"SELECT * FROM {{texts}} WHERE text_id IN ({marks(len(chunk))})", chunk
            )
            found.update((row["text_id"], _text(row)) for row in rows)
        return found

    def resolve(self, values: Iterable[object]) -> dict[str, str]:
        """What each reference among ``values`` stands for now: its text, or the note of its
        removal. Values that are no reference are left out; a reference to no row (it
        cannot be, but a store restored without its texts could) reads as removed."""
        refs = {v for v in values if isinstance(v, str) and is_reference(v)}
        if not refs:
            return {}
        found = self.many(text_id_of(ref) for ref in refs)
        return {ref: _shown(found.get(text_id_of(ref))) for ref in refs}

    def shown(self, value: str) -> str:
        """One field's value as people read it: the text a reference stands for."""
        return self.resolve([value]).get(value, value)

    def erase(self, text_ids: Sequence[str], at: datetime) -> None:
        """Blank these texts for good (their rows stay, saying when)."""
        with self.db.transaction() as tx:
            forget_for_good(tx)
            for text_id in text_ids:
                tx.execute(
                    "UPDATE {texts} SET body = NULL, removed_at = ? WHERE text_id = ?"
                    " AND body IS NOT NULL",
                    (instant(at), text_id),
                )
        self.checkpoint()

    def erase_person(self, tx: Transaction, person_id: str, at: datetime) -> None:
        """In the person's erasure: every text they wrote, and every text about them."""
        forget_for_good(tx)
        tx.execute(
            "UPDATE {texts} SET body = NULL, removed_at = ?"
            " WHERE (author_id = ? OR subject_id = ?) AND body IS NOT NULL",
            (instant(at), person_id, person_id),
        )

    def of_record(self, record_id: str) -> list[Text]:
        """The texts written in a record, and, for a person, those they wrote or that are
        about them; oldest first."""
        rows = self.db.query(
            "SELECT * FROM {texts} WHERE aggregate_id = ? OR author_id = ? OR subject_id = ?"
            " ORDER BY written_at, text_id",
            (record_id, record_id, record_id),
        )
        return [_text(row) for row in rows]

    def every(self, batch: int = 1000) -> Iterator[Text]:
        """Every text, in id order, a batch at a time (constant memory): for the export."""
        after = ""
        while True:
            rows = self.db.query(
                "SELECT * FROM {texts} WHERE text_id > ? ORDER BY text_id LIMIT ?", (after, batch)
            )
            yield from (_text(row) for row in rows)
            if len(rows) < batch:
                return
            after = rows[-1]["text_id"]

    def checkpoint(self) -> None:
        empty_log(self.db)


def empty_log(database: Database) -> None:
    """On SQLite, fold the write-ahead log into the file and empty it, so that the old
    pages of an erased text do not linger in it."""
    if not database.is_postgres:
        with database.datastore.get_connection(commit=True) as connection:
            connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _shown(text: Text | None) -> str:
    return "(removed)" if text is None else text.shown


def forget_for_good(tx: Transaction) -> None:
    """SQLite keeps deleted and overwritten bytes in free space unless told to zero them."""
    if not tx.database.is_postgres:
        tx.cursor.execute("PRAGMA secure_delete = ON")


def _values(row: Text) -> tuple[Any, ...]:
    return (
        row.text_id,
        row.author_id,
        row.subject_id,
        row.written_at,
        row.aggregate_id,
        row.topic,
        row.field,
        row.body,
        row.removed_at,
    )


def _text(row: Row) -> Text:
    return Text(
        text_id=row["text_id"],
        author_id=row["author_id"],
        subject_id=row["subject_id"],
        written_at=row["written_at"],
        aggregate_id=row["aggregate_id"],
        topic=row["topic"],
        field=row["field"],
        body=row["body"],
        removed_at=row["removed_at"],
    )


class TextMapper(Mapper[uuid.UUID]):
    """The library's mapper, keeping free text out of the stored events: each non-empty
    free-text value is written to ``texts`` and its reference stored instead; reading an
    event for an aggregate puts the text back (or the note of its removal)."""

    texts: Texts | None = None

    def to_stored_event(self, domain_event: DomainEventProtocol[uuid.UUID]) -> StoredEvent:
        topic = get_topic(type(domain_event))
        fields = FREE_TEXT.get(topic, ())
        if not fields:
            return super().to_stored_event(domain_event)
        state = dict(vars(domain_event))
        rows = [
            self._text_of(topic, state, name)
            for name in fields
            if isinstance(state.get(name), str) and state[name]
        ]
        if not rows:
            return super().to_stored_event(domain_event)
        self._texts().put(rows)
        for row in rows:
            state[row.field] = reference(row.text_id)
        referring = object.__new__(type(domain_event))
        object.__setattr__(referring, "__dict__", state)
        return super().to_stored_event(referring)

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[uuid.UUID]:
        event = super().to_domain_event(stored_event)
        fields = FREE_TEXT.get(stored_event.topic, ())
        if fields:
            state = vars(event)
            shown = self._texts().resolve(state.get(name) for name in fields)
            for name in fields:
                value = state.get(name)
                if value in shown:
                    state[name] = shown[value]
        return event

    def moved_out(self, stored_event: StoredEvent) -> tuple[list[Text], bytes] | None:
        """For an event stored before free text was kept apart: its texts as new rows,
        and its stored state with references in their place; None if it has none."""
        topic = stored_event.topic
        event = super().to_domain_event(stored_event)
        state = dict(vars(event))
        rows = [
            self._text_of(topic, state, name)
            for name in FREE_TEXT.get(topic, ())
            if isinstance(state.get(name), str) and state[name] and not is_reference(state[name])
        ]
        if not rows:
            return None
        for row in rows:
            state[row.field] = reference(row.text_id)
        referring = object.__new__(type(event))
        object.__setattr__(referring, "__dict__", state)
        return rows, super().to_stored_event(referring).state

    def to_event_as_stored(self, stored_event: StoredEvent) -> DomainEventProtocol[uuid.UUID]:
        """The event with its references, not its texts: for the views, which keep them."""
        return super().to_domain_event(stored_event)

    @staticmethod
    def _text_of(topic: str, state: dict[str, Any], name: str) -> Text:
        aggregate: uuid.UUID = state["originator_id"]
        return Text(
            text_id=uuid.uuid4().hex,
            author_id=state["actor"].hex,
            subject_id=aggregate.hex if topic in ABOUT_THE_RECORD else None,
            written_at=instant(state["timestamp"]),
            aggregate_id=aggregate.hex,
            topic=topic,
            field=name,
            body=state[name],
            removed_at=None,
        )

    def _texts(self) -> Texts:
        if self.texts is None:
            raise RuntimeError("the event store's texts are not open yet")
        return self.texts

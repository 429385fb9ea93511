"""Restoring an archive into an empty store: every event written back at its position,
its chain link worked out again and compared with the archive's as it goes, then the
parts; the views are built from the events and the log verified against the archive's
head. Nothing is kept of an archive that fails part-way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventsourcing.persistence import Notification

from domain.errors import RuleViolation
from infrastructure.database import Transaction
from infrastructure.event_log import BATCH, LogWriter
from projections.audit_chain import GENESIS, aggregate_of, chained, digest_of
from projections.audit_verify import Checkpoint
from service.application import ExpertBank
from service.archive.file import EVENTS, BadArchive, Reader, event_of, reading
from service.archive.parts import BATCH as ROWS
from service.archive.parts import OUTBOX, PARTS, Part

Progress = Callable[[int, int], None]


class StoreNotEmpty(RuleViolation):
    """An archive is restored only into a store that holds nothing yet."""


@dataclass(frozen=True)
class Imported:
    head: Checkpoint
    events: int
    rows: dict[str, int]


def import_archive(bank: ExpertBank, path: Path, progress: Progress | None = None) -> Imported:
    """Restore the archive at ``path`` into ``bank``'s store, which must be empty; then
    build the views and verify the log against the archive's head."""
    imported = restore_log(bank, path, progress)
    build_and_verify(bank, imported.head, _second_half(progress))
    return imported


def restore_log(bank: ExpertBank, path: Path, progress: Progress | None = None) -> Imported:
    """The events and the parts, written and committed, each event's link checked."""
    with reading(path) as reader:
        head, parts = _contents(reader)
        bank.mail  # noqa: B018 (its tables made: the outbox's parts go in them)
        for part in parts:
            part.database(bank.database, bank.read_models.database)
        with _transactions(bank) as (tx, views_tx):
            _refuse_unless_empty(bank, tx, parts)
            events = _write_events(bank, tx, reader, head, progress)
            rows = {
                part.name: _write_rows(views_tx if part.in_views else tx, reader, part)
                for part in parts
            }
            views_tx.execute(
                "UPDATE {projection_positions} SET position = ? WHERE name = ?",
                (_whole(reader.manifest.get("mailed_up_to", 0)), OUTBOX),
            )
    return Imported(head, events, rows)


def build_and_verify(bank: ExpertBank, head: Checkpoint, progress: Progress | None) -> None:
    """Build the views from the restored events and verify the log against the archive's
    head. Mail the old store had not yet derived is left to the worker, as it was there."""
    views = bank.read_models
    views.runner.rebuild(progress=progress)
    verdict = views.audit.verify(checkpoint=head)
    if verdict.problem is not None:
        raise BadArchive(f"the restored log does not verify: {verdict.problem.describe()}")


def _second_half(progress: Progress | None) -> Progress | None:
    """One bar for both steps: the events written, then the views built from them."""
    if progress is None:
        return None
    report = progress
    return lambda at, end: report(end + at, 2 * end)


def _contents(reader: Reader) -> tuple[Checkpoint, list[Part]]:
    """The archive's head, and the parts it holds (each known to this release)."""
    try:
        head = Checkpoint.parse(str(reader.manifest["head"]))
    except (KeyError, ValueError):
        raise BadArchive("its manifest has no head of the chain, as POSITION:HASH") from None
    if head.position == 0:  # an empty log's head
        head = Checkpoint(0, GENESIS.hex())
    known = {part.name: part for part in PARTS}
    named = [str(entry.get("name")) for entry in reader.manifest.get("parts", [])]
    unknown = [name for name in named if name not in known]
    if unknown:
        raise BadArchive(
            f"it holds {unknown[0]!r}, which this release does not know: a newer one made it"
        )
    return head, [part for part in PARTS if part.name in named]


@contextmanager
def _transactions(bank: ExpertBank) -> Iterator[tuple[Transaction, Transaction]]:
    """A transaction on the store's database and one on the views' (the same one, when
    the views are beside the events, as on PostgreSQL). The views' commits last: if the
    events cannot be written, the outbox's rows and position go with them."""
    views = bank.read_models.database
    with views.transaction() as views_tx:
        same = views is bank.database
        with nullcontext(views_tx) if same else bank.database.transaction() as tx:
            yield tx, views_tx


def _refuse_unless_empty(bank: ExpertBank, tx: Transaction, parts: list[Part]) -> None:
    events = LogWriter(bank.store.recorder, bank.database).count(tx)
    people = sum(part.count(tx) for part in parts if not part.in_views)
    if events or people:
        raise StoreNotEmpty(
            f"this store is not empty ({_many(events, 'event')} and {_many(people, 'row')} of"
            " people's details and other tables): an archive is imported only into an empty"
            " store. Point EXPERTBANK_DATABASE_URL"
            " (or EXPERTBANK_DATA_DIR) at a new database and import there; nothing was"
            " changed"
        )


def _write_events(
    bank: ExpertBank, tx: Transaction, reader: Reader, head: Checkpoint, progress: Progress | None
) -> int:
    writer = LogWriter(bank.store.recorder, bank.database)
    link, last, written, batch = GENESIS, 0, 0, []
    for line in reader.lines(EVENTS):
        event = event_of(line)
        if event.id <= last:
            raise _wrong(event, f"out of order: it comes after position {last}")
        link = chained(link, event.id, digest_of(event))
        if link.hex() != line.get("link"):
            raise _wrong(event, "its bytes or position do not match the chain's link")
        batch.append(event)
        last = event.id
        if len(batch) == BATCH:
            writer.write(tx, batch)
            written += len(batch)
            batch.clear()
            if progress is not None:
                progress(last, 2 * head.position)
    writer.write(tx, batch)
    written += len(batch)
    if (last, link.hex()) != (head.position, head.link):
        raise BadArchive(
            f"its events end at {last}:{link.hex()}, not at the head its manifest names"
            f" ({head}): events are missing from the end"
        )
    writer.finish(tx, last)
    return written


def _wrong(event: Notification, what: str) -> BadArchive:
    return BadArchive(
        f"event {event.id} ({event.topic} of {aggregate_of(event)}) in the archive: {what};"
        " nothing was imported"
    )


def _write_rows(tx: Transaction, reader: Reader, part: Part) -> int:
    """The part's rows, written over any left by an import that did not finish."""
    if part.in_views:
        tx.execute(f"DELETE FROM {{{part.table}}}")
    batch: list[dict[str, Any]] = []
    written = 0
    for row in reader.lines(part.file):
        batch.append(row)
        if len(batch) == ROWS:
            part.write(tx, batch)
            written += len(batch)
            batch.clear()
    part.write(tx, batch)
    return written + len(batch)


def _whole(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise BadArchive("its manifest's mailed_up_to is not a position")
    return value


def _many(count: int, thing: str) -> str:
    return f"{count:,} {thing}{'' if count == 1 else 's'}"

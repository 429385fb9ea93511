"""One test for each use of the eventsourcing library's internals
(``infrastructure/eventsourcing_internals.py``): after an upgrade of the library, a failure
here names the piece to mend."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, date, datetime, timedelta, timezone
from multiprocessing.synchronize import Barrier
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from eventsourcing.compressor import ZlibCompressor
from eventsourcing.persistence import (
    DatetimeAsISO,
    IntegrityError,
    JSONTranscoder,
    Mapper,
    UUIDAsHex,
)

from infrastructure.database import Database
from infrastructure.event_store import DateAsISO, EventStore
from infrastructure.eventsourcing_internals import (
    QuickTranscoder,
    SQLiteEventRecorder,
    datastore_of,
    events_table_of,
    lock_file_beside,
    notification_channel,
    plain_json_transcoder,
    position_column_of,
    record_aggregates,
    sqlite_file_of,
    transcoding_named,
    tuned_sqlite_datastore,
)
from infrastructure.settings import Settings
from service.application import ExpertBank
from tests.infrastructure.note import Note


def sqlite_in_memory() -> EventStore:
    name = f"file:{uuid4().hex}?mode=memory&cache=shared"
    return EventStore(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": name})


def library_transcoder() -> JSONTranscoder:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    return transcoder


def test_the_quick_transcoder_encodes_and_decodes_ids_and_instants_as_the_library_does() -> None:
    state = {
        "id": uuid4(),
        "ids": [uuid4(), UUID(int=0)],
        "whole": datetime(2027, 3, 28, 1, 0, tzinfo=UTC),
        "micro": datetime(2027, 10, 31, 1, 30, 0, 250, tzinfo=UTC),
        "offset": datetime(2027, 10, 31, 1, 30, tzinfo=timezone(timedelta(hours=1))),
        "day": date(2027, 3, 28),
        "text": 'a "quoted" {"_type_": "uuid_hex"} text',
    }
    quick, library = QuickTranscoder(), library_transcoder()
    for transcoding in (UUIDAsHex(), DatetimeAsISO(), DateAsISO()):
        quick.register(transcoding)

    encoded = quick.encode(state)

    assert encoded == library.encode(state)
    assert quick.decode(encoded) == library.decode(encoded) == state


def test_a_transcoding_is_found_by_its_stored_name() -> None:
    transcoder = library_transcoder()

    assert transcoding_named(transcoder, "date_iso").decode("2027-03-28") == date(2027, 3, 28)
    with pytest.raises(KeyError):
        transcoding_named(transcoder, "no_such_type")


def test_only_plain_json_is_read_without_the_mapper(bank: ExpertBank) -> None:
    transcoder = library_transcoder()

    assert plain_json_transcoder(bank.store.mapper) is bank.store.mapper.transcoder
    with pytest.raises(ValueError, match="plain JSON"):
        plain_json_transcoder(Mapper(transcoder=transcoder, compressor=ZlibCompressor()))


def test_recording_aggregates_saves_their_events_in_one_transaction(bank: ExpertBank) -> None:
    first, second = Note("one"), Note("two")

    recordings = record_aggregates(bank.store, [first, second])

    assert [r.notification.originator_id for r in recordings] == [first.id, second.id]
    assert [r.notification.id for r in recordings] == [1, 2]
    assert first.pending_events == [] and second.pending_events == []
    assert bank.store.repository.get(second.id).text == "two"


def test_recording_a_stale_aggregate_saves_nothing_of_the_others(bank: ExpertBank) -> None:
    memo = Note("one")
    record_aggregates(bank.store, [memo])
    first, stale, fresh = (bank.store.repository.get(memo.id) for _ in range(3))
    first.edit("two")
    record_aggregates(bank.store, [first])
    stale.edit("three")  # made from the version before "two"
    other = Note("four")

    with pytest.raises(IntegrityError):
        record_aggregates(bank.store, [other, stale])

    assert other.id not in bank.store.repository
    assert bank.store.repository.get(memo.id).text == "two"
    assert fresh.version == 1


def test_the_datastore_is_the_one_the_events_are_in(bank: ExpertBank) -> None:
    record_aggregates(bank.store, [Note("one"), Note("two")])
    datastore = datastore_of(bank.store.recorder)
    schema = getattr(datastore, "schema", "")  # PostgreSQL's
    table = events_table_of(bank.store.recorder)
    table = f'"{schema}".{table}' if schema else table

    with datastore.transaction(commit=False) as cursor:
        cursor.execute(f"SELECT COUNT(*) AS stored FROM {table}")
        stored = dict(cursor.fetchone())["stored"]

    assert stored == 2 == bank.store.recorder.max_notification_id()


def test_the_position_column_holds_each_events_notification_id(bank: ExpertBank) -> None:
    record_aggregates(bank.store, [Note("one"), Note("two")])
    recorder = bank.store.recorder
    database = Database.of(recorder)
    column = position_column_of(recorder)

    rows = database.query(
        f"SELECT {column} AS position, originator_id FROM {{{events_table_of(recorder)}}}"
        f" ORDER BY {column}"
    )

    notifications = recorder.select_notifications(start=1, limit=10)
    assert [int(row["position"]) for row in rows] == [n.id for n in notifications] == [1, 2]
    assert [UUID(str(row["originator_id"])) for row in rows] == [
        UUID(str(n.originator_id)) for n in notifications
    ]


def test_the_sqlite_file_is_known_and_none_elsewhere(
    bank: ExpertBank, settings: Settings, tmp_path: Path
) -> None:
    found = sqlite_file_of(bank.store.recorder)

    if settings.uses_postgres:
        assert found is None
    else:
        assert found == settings.sqlite_path.resolve()
        assert lock_file_beside(datastore_of(bank.store.recorder), "worker").startswith(
            str(settings.sqlite_path)
        )
    in_memory = sqlite_in_memory()
    assert sqlite_file_of(in_memory.recorder) is None
    in_memory.close()


def test_a_listener_hears_of_new_events_on_postgres_only(bank: ExpertBank) -> None:
    with notification_channel(bank.store.recorder) as listening:
        if not bank.settings.uses_postgres:
            assert listening is None
            return
        assert listening is not None
        connection, channel = listening
        connection.execute(f'LISTEN "{channel}"')
        heard = threading.Event()

        def listen() -> None:
            for _ in connection.notifies(timeout=10, stop_after=1):
                heard.set()

        listener = threading.Thread(target=listen)
        listener.start()
        record_aggregates(bank.store, [Note("one")])
        listener.join(timeout=15)
        connection.execute("UNLISTEN *")
    assert heard.is_set()


def test_a_tuned_sqlite_datastore_runs_its_pragmas_and_commits(tmp_path: Path) -> None:
    path = str(tmp_path / "views.sqlite")
    datastore = tuned_sqlite_datastore(path, lock_timeout=5, pragmas=["PRAGMA synchronous=OFF"])
    try:
        with datastore.transaction(commit=True) as cursor:
            cursor.execute("CREATE TABLE t (x INTEGER)")
            cursor.execute("INSERT INTO t VALUES (7)")
        with datastore.transaction(commit=False) as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous")
            synchronous = cursor.fetchone()[0]
            cursor.execute("SELECT x FROM t")
            rows = [row[0] for row in cursor.fetchall()]
    finally:
        datastore.close()
    assert (journal, synchronous, rows) == ("wal", 0, [7])


def _open_and_create(path: str, start: Barrier) -> str:
    start.wait()
    try:
        datastore = tuned_sqlite_datastore(path, lock_timeout=10, pragmas=[])
        with datastore.transaction(commit=True) as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
        datastore.close()
    except Exception as error:  # the answer the test reads, whatever went wrong
        return repr(error)
    return ""


def test_processes_opening_a_new_file_at_once_all_get_it(tmp_path: Path) -> None:
    """Eight processes open one new file at the same moment (as racing web processes open
    the views): each switches it to WAL, which SQLite refuses rather than waits for; before
    the connection tried again, 3 of 10 such rounds had a process fail "database is locked"."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(8) as pool:
        for round_ in range(8):
            start = context.Manager().Barrier(8)
            path = str(tmp_path / f"views-{round_}.sqlite")
            errors = pool.starmap(_open_and_create, [(path, start)] * 8)
            assert errors == [""] * 8, f"round {round_}: {errors}"


def test_the_sqlite_store_saves_through_the_recorder_that_checks_what_a_save_relies_on(
    tmp_path: Path,
) -> None:
    store = EventStore(env=Settings(data_dir=tmp_path).eventsourcing_env())
    try:
        assert isinstance(store.recorder, SQLiteEventRecorder)
    finally:
        store.close()

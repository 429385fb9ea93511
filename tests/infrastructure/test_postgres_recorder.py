"""The event store's recorder on PostgreSQL (``infrastructure/postgres_recorder.py``) passes
the library's own recorder test cases, and so does the SQLite store's (the library's); and
readers tailing the log while writers race (the library's way and the aggregate cache's)
never pass over an event that appears later.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from uuid import uuid4

import pytest
from eventsourcing.persistence import ApplicationRecorder, IntegrityError, StoredEvent
from eventsourcing.tests import persistence

from infrastructure.event_store import EventStore
from infrastructure.postgres_recorder import EventRecorder
from infrastructure.settings import Settings
from tests.databases import postgres_schema


class OnAStore:
    """Each test case's recorder is a new store's, closed after the threads the case
    started have ended: ``test_concurrent_no_conflicts`` leaves its readers running when it
    returns, and closing an SQLite connection while a thread reads on it crashes Python."""

    def store(self, settings: Settings) -> ApplicationRecorder:
        running = set(threading.enumerate())
        store = EventStore(env=settings.eventsourcing_env())
        self.addCleanup(_close_after_threads, store, running)  # type: ignore[attr-defined]
        return store.recorder


def _close_after_threads(store: EventStore, running: set[threading.Thread]) -> None:
    for thread in set(threading.enumerate()) - running:
        if not thread.daemon:  # the connection pools' own threads are daemons
            thread.join(timeout=30)
    store.close()


class OnPostgres(OnAStore):
    def create_recorder(self) -> ApplicationRecorder:
        url = self.enterContext(postgres_schema())  # type: ignore[attr-defined]
        recorder = self.store(Settings(database_url=url))
        assert isinstance(recorder, EventRecorder)
        return recorder


class OnSQLite(OnAStore):
    def create_recorder(self) -> ApplicationRecorder:
        folder = self.enterContext(TemporaryDirectory())  # type: ignore[attr-defined]
        return self.store(Settings(data_dir=Path(folder)))


@pytest.mark.postgres
class TestTheRecorderOnPostgres(OnPostgres, persistence.ApplicationRecorderTestCase):
    pass


@pytest.mark.postgres
class TestTheRecorderOnPostgresKeepsSavesApart(
    OnPostgres, persistence.NonInterleavingNotificationIDsBaseCase
):
    pass


class TestTheRecorderOnSQLite(OnSQLite, persistence.ApplicationRecorderTestCase):
    pass


class TestTheRecorderOnSQLiteKeepsSavesApart(
    OnSQLite, persistence.NonInterleavingNotificationIDsBaseCase
):
    pass


@pytest.mark.postgres
def test_readers_tailing_the_log_never_pass_over_an_event_that_appears_later() -> None:
    with postgres_schema() as url:
        store = EventStore(env=Settings(database_url=url).eventsourcing_env())
        recorder = store.recorder
        assert isinstance(recorder, EventRecorder)
        writing = threading.Barrier(6)
        writers_done = threading.Event()
        seen: list[int] = []
        seen_as_changes: list[int] = []

        def write(saves: int) -> None:
            writing.wait(timeout=30)
            for n in range(saves):
                aggregate = uuid4()
                recorder.insert_events(
                    [StoredEvent(aggregate, v, "t", b"{}") for v in range(1, 2 + n % 3)]
                )

        def read(seen: list[int], after: Callable[[int], list[int]]) -> None:
            writing.wait(timeout=30)
            while True:
                finished = writers_done.is_set()  # then one more read finds the rest
                seen.extend(after(seen[-1] if seen else 0))
                if finished:
                    return

        def notifications(last: int) -> list[int]:
            return [n.id for n in recorder.select_notifications(last + 1, 1000)]

        def changes(last: int) -> list[int]:  # what the aggregate cache reads
            return [position for position, _, _ in recorder.changes_after(last, 1000)]

        writers = [threading.Thread(target=write, args=(150,)) for _ in range(4)]
        readers = [
            threading.Thread(target=read, args=(seen, notifications)),
            threading.Thread(target=read, args=(seen_as_changes, changes)),
        ]
        for thread in [*writers, *readers]:
            thread.start()
        for thread in writers:
            thread.join(timeout=120)
        writers_done.set()
        for thread in readers:
            thread.join(timeout=60)

        everything = [n.id for n in recorder.select_notifications(1, 10_000)]
        store.close()
    assert len(everything) == 4 * (50 * 1 + 50 * 2 + 50 * 3)
    assert seen == everything  # in order, none passed over
    assert seen_as_changes == everything


@pytest.mark.postgres
def test_a_stale_save_is_refused_whole_and_leaves_no_trace() -> None:
    with postgres_schema() as url:
        store = EventStore(env=Settings(database_url=url).eventsourcing_env())
        recorder = store.recorder
        first, second = uuid4(), uuid4()
        recorder.insert_events([StoredEvent(first, 1, "t", b"{}")])

        with pytest.raises(IntegrityError):
            recorder.insert_events(
                [StoredEvent(second, 1, "t", b"{}"), StoredEvent(first, 1, "t", b"{}")]
            )

        assert recorder.select_events(second) == []
        (again,) = recorder.insert_events([StoredEvent(second, 1, "t", b"{}")])
        assert [n.id for n in recorder.select_notifications(1, 10)] == [1, again]
        store.close()

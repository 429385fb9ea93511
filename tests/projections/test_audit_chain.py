"""The hash-chained log: an untouched log verifies; an event altered, deleted, inserted or
moved in the events table (by SQL, behind the application's back) is named, on SQLite and
PostgreSQL."""

from __future__ import annotations

from uuid import uuid4

import pytest

from infrastructure.database import Database
from infrastructure.eventsourcing_internals import events_table_of
from projections.audit_verify import Checkpoint, Problem
from projections.read_models import ReadModels
from service.application import ExpertBank
from tests.world import World

TARGET = 5  # an event in the middle of the world's registry


def events(bank: ExpertBank) -> tuple[Database, str, str]:
    """The events database, its table's name as a statement writes it, and the column of
    positions (SQLite's is the row id)."""
    db = Database.of(bank.store.recorder)
    table = "{" + events_table_of(bank.store.recorder) + "}"
    return db, table, "notification_id" if db.is_postgres else "rowid"


def chained(views: ReadModels) -> ReadModels:
    views.runner.catch_up()
    return views


def the_event(bank: ExpertBank, position: int) -> tuple[str, str]:
    [notification] = bank.store.recorder.select_notifications(position, 1)
    return notification.originator_id.hex, notification.topic


def problem_of(views: ReadModels) -> Problem:
    problem = views.audit.verify().problem
    assert problem is not None
    return problem


def test_an_untouched_log_verifies_to_its_head(world: World, views: ReadModels) -> None:
    head = chained(views).audit.head()
    verdict = views.audit.verify()
    assert verdict.problem is None
    assert head.position == world.bank.head_position() == verdict.checked
    assert verdict.unchained == 0
    last = views.audit.last_verification()
    assert last is not None and last.head == head and last.problem is None


def test_altered_event_data_is_named(world: World, views: ReadModels) -> None:
    chained(views)
    db, table, position = events(world.bank)
    db.execute(f"UPDATE {table} SET state = ? WHERE {position} = ?", (b"{}", TARGET))
    aggregate, topic = the_event(world.bank, TARGET)
    problem = problem_of(views)
    assert (problem.position, problem.aggregate_id, problem.topic) == (TARGET, aggregate, topic)
    assert problem.wrong.startswith("altered")
    assert views.audit.last_verification().problem == problem.describe()  # type: ignore[union-attr]


def test_a_deleted_event_is_named_from_the_chain(world: World, views: ReadModels) -> None:
    chained(views)
    aggregate, topic = the_event(world.bank, TARGET)
    db, table, position = events(world.bank)
    db.execute(f"DELETE FROM {table} WHERE {position} = ?", (TARGET,))
    problem = problem_of(views)
    assert (problem.position, problem.aggregate_id, problem.topic) == (TARGET, aggregate, topic)
    assert problem.wrong.startswith("missing")


def test_an_inserted_event_is_named(world: World, views: ReadModels) -> None:
    chained(views)
    db, table, position = events(world.bank)
    intruder = uuid4()
    with db.transaction() as tx:  # make room at TARGET, as a forger would, then fill it
        for shift in (1_000_000, -999_999):
            tx.execute(
                f"UPDATE {table} SET {position} = {position} + ? WHERE {position} >= ?",
                (shift, TARGET if shift > 0 else 1_000_000),
            )
        tx.execute(
            f"INSERT INTO {table} ({position}, originator_id, originator_version, topic,"
            " state) SELECT ?, ?, 1, topic, state FROM "
            f"{table} WHERE {position} = ?",
            (TARGET, intruder.hex if not db.is_postgres else intruder, TARGET + 1),
        )
    problem = problem_of(views)
    assert (problem.position, problem.aggregate_id) == (TARGET, intruder.hex)
    assert problem.wrong.startswith("inserted")


def test_two_swapped_events_are_named(world: World, views: ReadModels) -> None:
    chained(views)
    db, table, position = events(world.bank)
    later = TARGET + 3
    aggregate, topic = the_event(world.bank, later)
    with db.transaction() as tx:
        for old, new in ((TARGET, -1), (later, TARGET), (-1, later)):
            tx.execute(f"UPDATE {table} SET {position} = ? WHERE {position} = ?", (new, old))
    problem = problem_of(views)
    assert (problem.position, problem.aggregate_id, problem.topic) == (TARGET, aggregate, topic)
    assert problem.wrong == f"out of order: it was chained at position {later}"


def test_a_checkpoint_is_extended_by_the_growing_log(world: World, views: ReadModels) -> None:
    checkpoint = chained(views).audit.head()
    world.person("later_expert", roles=["expert"])
    chained(views)
    assert views.audit.head().position > checkpoint.position
    assert views.audit.verify(checkpoint=checkpoint).problem is None
    forged = Checkpoint(checkpoint.position, "0" * 64)
    problem = views.audit.verify(checkpoint=forged).problem
    assert problem is not None and problem.position == checkpoint.position
    assert problem.wrong == f"the log no longer extends {forged}"


def test_a_log_chained_again_after_tampering_fails_its_old_checkpoint(
    world: World, views: ReadModels
) -> None:
    checkpoint = chained(views).audit.head()
    db, table, position = events(world.bank)
    db.execute(f"UPDATE {table} SET state = ? WHERE {position} = ?", (b"{}", TARGET))
    views.runner.rebuild("audit_chain")  # the forger hashes the altered log afresh
    assert views.audit.verify().problem is None
    problem = views.audit.verify(checkpoint=checkpoint).problem
    assert problem is not None and problem.position == checkpoint.position


@pytest.mark.parametrize(
    ("text", "message"),
    [("12", "hash must be 64"), ("x:" + "a" * 64, "position must"), ("0:" + "a" * 64, "from 1")],
)
def test_a_malformed_checkpoint_is_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Checkpoint.parse(text)

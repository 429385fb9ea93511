"""The event store saves aggregates as the library would, and tells what changed after a
position."""

from __future__ import annotations

import pytest
from eventsourcing.persistence import IntegrityError

from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from tests.infrastructure.note import Note


def test_saving_aggregates_and_events_alike_records_every_event(bank: ExpertBank) -> None:
    first, second = Note("one"), Note("two")
    second.edit("three")
    third = Note("four")

    saved = bank.store.save(first, None, second)
    events = third.collect_events()
    saved_as_events = bank.store.save(*events)  # the library's own path

    assert [r.notification.originator_id for r in saved] == [first.id, second.id, second.id]
    assert len(saved_as_events) == 1
    assert bank.store.repository.get(second.id).text == "three"
    assert bank.store.repository.get(third.id).text == "four"
    assert first.pending_events == [] and second.pending_events == []


def test_changes_after_a_position_are_the_library_notifications_without_their_data(
    bank: ExpertBank, settings: Settings, clock: ManualClock
) -> None:
    start = bank.head_position()
    other = bootstrap(settings, clock)  # another process writing to the same store
    try:
        note = Note("one")
        note.edit("two")
        other.store.save(note, Note("three"))
    finally:
        other.close()

    changes = bank.store.changes_after(start, 10)
    first_two = bank.store.changes_after(start, 2)
    after_those = bank.store.changes_after(changes[1].position, 10)

    notifications = bank.store.recorder.select_notifications(start + 1, 10)
    assert [(c.position, c.aggregate_id, c.version) for c in changes] == [
        (n.id, n.originator_id, n.originator_version) for n in notifications
    ]
    assert [c.aggregate_id for c in changes[:2]] == [note.id, note.id]
    assert (first_two, after_those) == (changes[:2], changes[2:])
    assert bank.store.changes_after(changes[-1].position, 10) == []


def test_a_save_relying_on_aggregates_it_does_not_change_fails_if_they_changed(
    bank: ExpertBank, settings: Settings, clock: ManualClock
) -> None:
    relied_on = Note("relied on")
    bank.store.save(relied_on)
    not_yet = Note("not saved yet")

    bank.store.save(Note("first"), unchanged={relied_on.id: 1, not_yet.id: 0})
    other = bootstrap(settings, clock)  # another process changes both meanwhile
    try:
        seen = other.store.repository.get(relied_on.id)
        seen.edit("changed")
        other.store.save(seen, not_yet)
    finally:
        other.close()
    start = bank.head_position()

    with pytest.raises(IntegrityError):
        bank.store.save(Note("late"), unchanged={relied_on.id: 1})
    with pytest.raises(IntegrityError):
        bank.store.save(Note("late"), unchanged={not_yet.id: 0})
    assert bank.store.changes_after(start, 10) == []  # nothing of either save was written
    on_time = Note("on time")
    bank.store.save(on_time, unchanged={relied_on.id: 2, not_yet.id: 1})
    assert bank.store.repository.get(on_time.id).text == "on time"

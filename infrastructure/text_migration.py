"""Moving the free text of events stored before it was kept apart out of them.

Each such event's stored state is rewritten with references in place of its texts, and
the texts are put in ``texts``, in one transaction per batch. Rewriting stored events
changes the bytes the audit chain covers, so the caller chains the log again from its
first event afterwards and records that it did, with the head the log had before
(``service.texts.FreeTexts.move_out_of_stored_events``).
"""

from __future__ import annotations

from dataclasses import dataclass

from infrastructure.database import Database
from infrastructure.event_store import EventStore
from infrastructure.eventsourcing_internals import events_table_of, position_column_of
from infrastructure.texts import FREE_TEXT, empty_log, forget_for_good


@dataclass(frozen=True)
class Moved:
    events: int
    texts: int


def move_texts_out(store: EventStore, batch: int = 500) -> Moved:
    """Rewrite every stored event still holding free text; how many events and texts."""
    recorder = store.recorder
    database = Database.of(recorder)
    update = (
        f"UPDATE {{{events_table_of(recorder)}}} SET state = ?"
        f" WHERE {position_column_of(recorder)} = ?"
    )
    topics = sorted(FREE_TEXT)
    position, events, texts = 0, 0, 0
    while found := recorder.select_notifications(position + 1, batch, topics=topics):
        changes = [(n.id, store.text_mapper.moved_out(n)) for n in found]
        moved = [(at, change) for at, change in changes if change is not None]
        if moved:
            with database.transaction() as tx:
                forget_for_good(tx)  # the old bytes are not left in free pages
                for at, (rows, state) in moved:
                    store.texts.put_in(tx, rows)
                    tx.execute(update, (state, at))
                    texts += len(rows)
            events += len(moved)
        position = found[-1].id
    empty_log(database)
    return Moved(events, texts)

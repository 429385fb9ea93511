"""Free text is kept out of the stored events, in the ``texts`` table, and read back in
the records, the views, the history and the mail as it was typed."""

from __future__ import annotations

from domain.bookings import Booking
from domain.errors import InvalidInput
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from infrastructure.texts import is_reference
from service.application import ExpertBank
from tests.databases import POSTGRES_URL
from tests.service.free_text import write_every_kind
from tests.service.support import nothing_recorded
from tests.world import World


def test_free_text_is_stored_outside_the_events_and_read_back_as_typed(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    written = write_every_kind(bank, world, clock)
    stored = bank.store.recorder.select_notifications(start=1, limit=1_000_000)
    stored_bytes = b"\n".join(n.state for n in stored)
    for typed in written.texts.values():
        assert typed.encode() not in stored_bytes
    every = list(bank.store.texts.every())
    assert stored_bytes.count(b'"text:') == len(every) == len(written.texts) + 3

    kept = {text.body: text for text in every}
    assert set(written.texts.values()) <= set(kept)
    assert kept[written.texts["cover"]].author_id == world.worcs_head.hex
    assert kept[written.texts["deactivate"]].subject_id == world.leics_peer.hex
    assert kept[written.texts["notes"]].field == "notes"

    head, texts = world.worcs_head, written.texts
    request = bank.requests.request(head, written.request)
    assert (request.need, request.outcomes) == (texts["need"], texts["outcomes"])
    assert bank.requests.request(world.manager, written.declined).reason == texts["decline"]
    held = bank.bookings.booking(head, written.held)
    assert held.cover == texts["cover"]
    assert held.record is not None and held.record.notes == texts["notes"]
    assert held.feedback is not None and held.feedback.comment == texts["comment"]
    assert bank.bookings.booking(head, written.cancelled).reason == texts["cancel"]
    # The aggregate, replayed from its stored events, holds the text itself.
    replayed = bank.store.repository.get(written.held)
    assert isinstance(replayed, Booking) and replayed.cover == texts["cover"]

    history = bank.read_models.history.for_subject("booking", written.cancelled)
    sentences = " ".join(entry.sentence for entry in history.entries)
    assert texts["move"] in sentences and texts["cancel"] in sentences
    assert not any(is_reference(word) for word in sentences.split())
    person = bank.read_models.history.for_subject("person", world.leics_peer)
    assert texts["deactivate"] in " ".join(entry.sentence for entry in person.entries)


def test_erased_text_is_gone_from_every_file_and_table_and_the_log_still_verifies(
    bank: ExpertBank, world: World, clock: ManualClock, settings: Settings
) -> None:
    written = write_every_kind(bank, world, clock)
    bank.mail.update()
    bank.read_models.sync()
    checkpoint = bank.read_models.audit.head()
    texts, staff = written.texts, world.manager
    notes = next(t for t in bank.texts.of_record(staff, written.held) if t.label == "Session notes")
    with nothing_recorded(bank, InvalidInput, "why the text is being removed", "reason"):
        bank.texts.remove(staff, notes.text_id, reason="  ")
    bank.texts.remove(staff, notes.text_id, reason="It names a third party")
    with nothing_recorded(bank, InvalidInput, "already been removed", "text_id"):
        bank.texts.remove(staff, notes.text_id, reason="Again")
    # The booker wrote the need, the cover, a cancellation's reason and the comment.
    bank.people.erase_details(staff, world.worcs_head)
    bank.mail.update()
    erased = [texts[k] for k in ("notes", "need", "outcomes", "cover", "cancel", "comment")]
    kept = [texts["move"], texts["actions"], texts["decline"]]

    removed = "(removed on request, 10 March 2027)"
    models = bank.read_models
    models.sync()
    held = models.bookings.get(written.held)
    assert held is not None and held.record is not None and held.feedback is not None
    assert (held.cover, held.record.notes, held.feedback.comment) == (removed,) * 3
    assert held.record.actions == texts["actions"]
    assert bank.texts.text(staff, notes.text_id).removed

    assert models.audit.verify(checkpoint=checkpoint).problem is None
    models.runner.rebuild()
    for subject, kind in ((written.held, "booking"), (written.request, "request")):
        told = " ".join(e.sentence for e in models.history.for_subject(kind, subject).entries)
        assert removed in told
        assert not any(text in told for text in erased)
    told = " ".join(e.sentence for e in models.history.for_subject("booking", written.held).entries)
    assert "removed the session notes on request: It names a third party" in told

    found = _everything_stored(bank, settings)
    for text in erased:
        assert text.encode() not in found, text
    for text in kept:
        assert text.encode() in found, text


def _everything_stored(bank: ExpertBank, settings: Settings) -> bytes:
    """Every file in the data folder (SQLite's databases and logs, the mail folder) as
    bytes; on PostgreSQL, every row of every table of the schema as text as well."""
    files = [p.read_bytes() for p in settings.data_dir.rglob("*") if p.is_file()]
    if settings.uses_postgres:
        import psycopg

        schema = settings.database_url.rpartition("schema=")[2]
        with psycopg.connect(POSTGRES_URL) as conn:
            tables = conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema,),
            ).fetchall()
            for (table,) in tables:
                rows = conn.execute(f'SELECT t::text FROM "{schema}"."{table}" t').fetchall()
                files.extend(str(row[0]).encode() for row in rows)
    return b"\n".join(files)


def test_a_message_quoting_a_text_removed_before_the_outbox_knew_is_sent_without_it(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    written = write_every_kind(bank, world, clock)
    bank.mail.update()
    cancelled = written.texts["cancel"]
    due = [m for m in bank.mail.outbox.due(clock.now(), 100) if cancelled in m.content]
    assert due, "a cancellation's messages quote its reason"
    text = next(t for t in bank.store.texts.every() if t.body == cancelled)
    # Removed, but its event not yet taken in by the outbox (a worker behind, say).
    bank.store.texts.erase([text.text_id], clock.now())

    for message in due:
        content = bank.mail.erasure.ready(message)
        assert content is not None and cancelled not in content
        assert "(removed on request, 10 March 2027)" in content
    assert not [m for m in bank.mail.outbox.due(clock.now(), 100) if cancelled in m.content]

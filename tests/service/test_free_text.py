"""Free text is kept out of the stored events, in the ``texts`` table, and read back in
the records, the views, the history and the mail as it was typed."""

from __future__ import annotations

from domain.bookings import Booking
from infrastructure.clock import ManualClock
from infrastructure.texts import is_reference
from service.application import ExpertBank
from tests.service.free_text import write_every_kind
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

"""A small aggregate of the tests' own, to save and read back without the programme's."""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event


class Note(Aggregate):
    TOPIC = "tests:Note"

    class Created(Aggregate.Created):
        TOPIC = "tests:Note.Created"
        text: str

    class Edited(Aggregate.Event):
        TOPIC = "tests:Note.Edited"
        text: str

    def __init__(self, text: str) -> None:
        self.text = text

    @event(Edited)
    def edit(self, text: str) -> None:
        self.text = text

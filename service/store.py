"""The one write-side event-sourced application, and how events are stored."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder, Transcoding


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: Any) -> date:
        assert isinstance(data, str)
        return date.fromisoformat(data)


class EventStore(Application[UUID]):
    """Every aggregate of the programme lives here, so that several can be saved in one
    atomic transaction. The name is pinned: it prefixes tables and settings."""

    name = "ExpertBank"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

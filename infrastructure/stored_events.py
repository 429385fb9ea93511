"""Events as the views store them: read straight from the stored JSON, with no domain
objects made on the way.

A view row keeps ids as 32 hex digits and instants as UTC ISO text of one width
(``infrastructure.stored_values``); the event store keeps them almost so. Reading a
notification into a ``StoredEvent`` leaves ids as they are stored, puts instants in the
views' form, and leaves dates as ISO text, instead of making ``UUID`` and ``datetime``
objects only for the view to turn them back into text. Rebuilding the busiest views
decodes hundreds of thousands of events, so this is most of what a rebuild saves.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, Notification

from infrastructure.eventsourcing_internals import plain_json_transcoder, transcoding_named
from infrastructure.stored_values import instant_text

_DECODE = json.JSONDecoder().decode


class StoredEvent:
    """One event's stored fields as attributes (``e.actor``, ``e.start``...), beside its
    ``TOPIC``, ``originator_id`` (hex) and ``originator_version``; ``state`` holds the
    fields alone, as stored."""

    TOPIC: str
    originator_id: str
    originator_version: int
    state: dict[str, Any]

    def __getattr__(self, name: str) -> Any:  # the fields, typed for mypy
        raise AttributeError(f"a stored {self.TOPIC} event has no field {name!r}")


class StoredReader:
    """Reads notifications of one event store into ``StoredEvent``s."""

    def __init__(self, mapper: Mapper[Any]) -> None:
        self.transcoder = plain_json_transcoder(mapper)

    def read(self, notification: Notification) -> StoredEvent:
        state = _DECODE(notification.state.decode("utf8"))
        for name, value in state.items():
            kind = type(value)
            if kind is dict:
                tag = value.get("_type_")  # the commonest two are unwrapped here
                if tag == "uuid_hex" and len(value) == 2:
                    state[name] = value["_data_"]
                elif tag == "datetime_iso" and len(value) == 2:
                    state[name] = instant_text(value["_data_"])
                else:
                    state[name] = self._plain(value)
            elif kind is list:
                state[name] = self._plain(value)
        event = object.__new__(StoredEvent)
        fields = event.__dict__
        fields.update(state)
        fields["TOPIC"] = notification.topic
        originator = notification.originator_id
        fields["originator_id"] = originator.hex if isinstance(originator, UUID) else originator
        fields["originator_version"] = notification.originator_version
        fields["state"] = state
        return event

    def _plain(self, value: Any) -> Any:
        if type(value) is list:
            return [self._plain(item) for item in value]
        if type(value) is not dict:
            return value
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            kind, data = value["_type_"], value["_data_"]
            if kind == "uuid_hex" or kind == "date_iso":
                return data
            if kind == "datetime_iso":
                return instant_text(data)
            return transcoding_named(self.transcoder, kind).decode(data)
        return {name: self._plain(item) for name, item in value.items()}

"""Events read as stored give the views the same values as domain events turned into
the views' forms: ids as hex, instants as UTC ISO text of one width, dates as ISO text."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import Notification

from infrastructure.stored_events import StoredReader
from infrastructure.stored_values import instant, instant_text
from projections.bookings import BookingsProjection
from projections.history import HistoryProjection
from service.application import ExpertBank
from tests.projections import scenario
from tests.world import World


def in_view_form(value: Any) -> Any:
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, datetime):
        return instant(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [in_view_form(item) for item in value]
    if isinstance(value, dict):
        return {name: in_view_form(item) for name, item in value.items()}
    return value


def test_every_event_of_a_long_run_reads_as_its_domain_event_in_view_form(
    world: World, bank: ExpertBank
) -> None:
    scenario.run(world)
    notifications = bank.store.recorder.select_notifications(start=1, limit=100_000)
    reader = StoredReader(bank.store.mapper)
    topics = set()

    for notification in notifications:
        domain = vars(bank.store.event_as_stored(notification)).copy()  # texts as references
        stored = reader.read(notification)
        topics.add(notification.topic)

        assert notification.topic == stored.TOPIC
        assert stored.originator_id == domain.pop("originator_id").hex
        assert stored.originator_version == domain.pop("originator_version")
        assert stored.state == {name: in_view_form(value) for name, value in domain.items()}
        assert all(getattr(stored, name) == value for name, value in stored.state.items())

    # Every kind the bookings view reads, and all the history's but the ends of engagements
    # and requests (completed, closed), the moving out of old events' text (in
    # tests/service/test_texts_cli.py) and providers' own calendars (in tests/calendars).
    own_calendars = {t for t in HistoryProjection.topics if "Calendar" in t or "Clash" in t}
    assert set(BookingsProjection.topics) <= topics
    assert set(HistoryProjection.topics) - topics - own_calendars == {
        "expertbank:Engagement.Closed",
        "expertbank:Engagement.Completed",
        "expertbank:ExpressionOfInterest.Closed",
        "expertbank:ExpressionOfInterest.Completed",
        "expertbank:TextsMovedOut.Recorded",
    }


def stored_notification(state: str) -> Notification:
    return Notification(
        id=1,
        originator_id=UUID(int=7),
        originator_version=1,
        topic="expertbank:Region.Registered",
        state=state.encode("utf8"),
    )


def test_wrapped_values_in_lists_and_other_offsets_are_unwrapped(bank: ExpertBank) -> None:
    ids = [UUID(int=1), UUID(int=2)]
    state = bank.store.mapper.transcoder.encode(
        {
            "ids": ids,
            "at": datetime.fromisoformat("2027-10-31T01:30:00+01:00"),
            "days": [date(2027, 10, 31)],
            "name": 'A "quoted" {"_type_": "uuid_hex"} name',
        }
    )

    event = StoredReader(bank.store.mapper).read(stored_notification(state.decode("utf8")))

    assert event.ids == [value.hex for value in ids]
    assert event.at == "2027-10-31T00:30:00.000000+00:00"
    assert event.days == ["2027-10-31"]
    assert event.name == 'A "quoted" {"_type_": "uuid_hex"} name'
    assert event.originator_id == UUID(int=7).hex


def test_a_missing_field_is_named(bank: ExpertBank) -> None:
    event = StoredReader(bank.store.mapper).read(stored_notification('{"code":"EM"}'))
    assert event.code == "EM"
    with pytest.raises(AttributeError, match=r"Region\.Registered event has no field 'name'"):
        event.name  # noqa: B018


@pytest.mark.parametrize(
    "stored",
    [
        "2027-03-28T01:00:00+00:00",  # whole seconds, as most instants are stored
        "2027-03-28T01:00:00.250000+00:00",
        "2027-10-31T01:30:00+01:00",  # another offset: converted to UTC
        "2027-10-31T01:30:00.000001-05:00",
    ],
)
def test_stored_instants_take_the_views_form(stored: str) -> None:
    assert instant_text(stored) == instant(datetime.fromisoformat(stored))

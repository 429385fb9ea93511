"""Availability windows: publish, change, withdraw; the slots weekly and one-off windows
offer (buffers step them apart); notice, horizon and the past refuse a slot."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.availability import AvailabilityWindow, WindowSpec, WindowStatus
from domain.errors import IllegalTransition, InvalidInput, SlotUnavailable
from domain.time import LONDON, TimeRange
from tests.domain.support import EXPERT, NOW, THEME, at, event_names, refused

TERMS: dict[str, Any] = {
    "session_minutes": 45,
    "buffer_minutes": 15,
    "notice_minutes": 2 * 24 * 60,
    "horizon_days": 28,
    "theme_ids": [THEME],
    "mode": "online",
    "location": "https://meet.example.org/room",
}


def weekly(**overrides: Any) -> WindowSpec:
    """Tuesdays 09:00-12:00 London from 1 March 2027, by default."""
    terms = TERMS | {
        "weekday": 1,
        "start_time": "09:00",
        "end_time": "12:00",
        "first_date": date(2027, 3, 1),
    }
    return WindowSpec.weekly(**(terms | overrides))


def one_off(**overrides: Any) -> WindowSpec:
    terms = TERMS | {"starts_at": at(2027, 3, 10, 9), "ends_at": at(2027, 3, 10, 12)}
    return WindowSpec.one_off(**(terms | overrides))


def london(when: datetime) -> str:
    return when.astimezone(LONDON).strftime("%a %d %b %H:%M")


def starts(spec: WindowSpec, first: datetime, last: datetime) -> list[str]:
    return [london(slot.start) for slot in spec.slots(first, last)]


def published(spec: WindowSpec | None = None) -> AvailabilityWindow:
    return AvailabilityWindow.publish(
        actor=EXPERT, at=NOW, provider_id=EXPERT, spec=spec or weekly()
    )


def test_a_weekly_window_offers_sessions_stepped_by_length_and_buffer() -> None:
    assert starts(weekly(), at(2027, 3, 1), at(2027, 3, 10)) == [
        "Tue 02 Mar 09:00",
        "Tue 02 Mar 10:00",
        "Tue 02 Mar 11:00",
        "Tue 09 Mar 09:00",
        "Tue 09 Mar 10:00",
        "Tue 09 Mar 11:00",
    ]


def test_without_a_buffer_sessions_follow_each_other_and_the_last_fits_to_the_end() -> None:
    spec = weekly(buffer_minutes=0)

    assert starts(spec, at(2027, 3, 2), at(2027, 3, 3)) == [
        "Tue 02 Mar 09:00",
        "Tue 02 Mar 09:45",
        "Tue 02 Mar 10:30",
        "Tue 02 Mar 11:15",
    ]


def test_a_weekly_window_keeps_its_london_times_across_the_clock_change() -> None:
    slots = list(weekly().slots(at(2027, 3, 23), at(2027, 3, 31)))

    assert [s.start for s in slots] == [
        at(2027, 3, 23, 9), at(2027, 3, 23, 10), at(2027, 3, 23, 11),
        at(2027, 3, 30, 8), at(2027, 3, 30, 9), at(2027, 3, 30, 10),
    ]  # fmt: skip
    assert {s.minutes for s in slots} == {45}


def test_a_weekly_window_stops_at_its_last_date() -> None:
    spec = weekly(last_date=date(2027, 3, 9))

    assert starts(spec, at(2027, 3, 1), at(2027, 4, 30))[-1] == "Tue 09 Mar 11:00"
    assert spec.last_day() == date(2027, 3, 9)


def test_a_one_off_window_offers_slots_stepped_by_length_and_buffer() -> None:
    spec = one_off(session_minutes=50, buffer_minutes=10)

    assert [s.start for s in spec.slots(at(2027, 3, 1), at(2027, 4, 1))] == [
        at(2027, 3, 10, 9),
        at(2027, 3, 10, 10),
        at(2027, 3, 10, 11),
    ]


def test_only_the_slots_starting_in_the_range_asked_for_are_given() -> None:
    assert starts(weekly(), at(2027, 3, 2, 10), at(2027, 3, 2, 11)) == ["Tue 02 Mar 10:00"]


def test_the_slot_at_a_start_time_is_found_and_other_times_are_refused() -> None:
    spec = weekly()

    assert spec.slot_at(at(2027, 3, 9, 10)) == TimeRange(at(2027, 3, 9, 10), at(2027, 3, 9, 10, 45))
    with pytest.raises(SlotUnavailable, match="not one of the window's slots") as refusal:
        spec.slot_at(at(2027, 3, 9, 10, 15))
    assert refusal.value.field == "start"


def test_a_naive_time_is_refused_because_its_meaning_is_unknown() -> None:
    with pytest.raises(InvalidInput, match="start must include a time zone"):
        weekly().slot_at(datetime(2027, 3, 9, 10))


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (at(2027, 3, 1, 8, 15), "that time has passed"),
        (at(2027, 3, 2, 10), "this provider needs 2 days' notice"),
        (at(2027, 3, 3, 8, 59), "this provider needs 2 days' notice"),
        (at(2027, 3, 29, 9, 1), "this provider takes bookings up to 28 days ahead"),
    ],
)
def test_a_slot_in_the_past_inside_the_notice_or_beyond_the_horizon_is_not_bookable(
    start: datetime, message: str
) -> None:
    slot = TimeRange(start, start + timedelta(minutes=45))

    with pytest.raises(SlotUnavailable, match=message) as refusal:
        weekly().check_bookable(slot, NOW)
    assert refusal.value.field == "start"


@pytest.mark.parametrize("start", [at(2027, 3, 3, 9), at(2027, 3, 29, 9)])
def test_the_edges_of_notice_and_horizon_are_bookable(start: datetime) -> None:
    weekly().check_bookable(TimeRange(start, start + timedelta(minutes=45)), NOW)


def test_a_published_window_offers_its_slots_with_notice_applied_when_asked() -> None:
    window = published()

    assert window.offered_slot(at(2027, 3, 9, 10), NOW).start == at(2027, 3, 9, 10)
    with pytest.raises(SlotUnavailable, match="needs 2 days' notice"):
        window.offered_slot(at(2027, 3, 2, 10), NOW)
    assert window.offered_slot(at(2027, 3, 2, 10), NOW - timedelta(days=2)).minutes == 45


def test_a_changed_window_offers_its_new_terms_and_names_the_bookings_it_keeps() -> None:
    window = published()
    kept = [UUID(int=7)]

    window.change(
        actor=EXPERT, at=NOW, spec=weekly(start_time="13:00", end_time="15:00"), bookings_kept=kept
    )

    assert starts(window.spec, at(2027, 3, 9), at(2027, 3, 10)) == [
        "Tue 09 Mar 13:00",
        "Tue 09 Mar 14:00",
    ]
    assert event_names(window) == ["Published", "Changed"]
    assert window.pending_events[-1].bookings_kept == kept  # type: ignore[attr-defined]


def test_a_withdrawn_window_offers_nothing_and_cannot_be_changed_or_withdrawn_again() -> None:
    window = published()
    window.withdraw(actor=EXPERT, at=NOW, bookings_kept=[])

    assert window.status == WindowStatus.WITHDRAWN
    with pytest.raises(SlotUnavailable, match="that availability has been withdrawn"):
        window.offered_slot(at(2027, 3, 9, 10), NOW)
    with refused(window, IllegalTransition, "cannot change a window that is withdrawn"):
        window.change(actor=EXPERT, at=NOW, spec=weekly(), bookings_kept=[])
    with refused(window, IllegalTransition, "cannot withdraw a window that is withdrawn"):
        window.withdraw(actor=EXPERT, at=NOW, bookings_kept=[])


def test_a_window_cannot_be_changed_into_the_past() -> None:
    window = published()

    with refused(window, InvalidInput, "the last date is in the past"):
        window.change(
            actor=EXPERT,
            at=NOW,
            spec=weekly(first_date=date(2027, 2, 1), last_date=date(2027, 2, 28)),
            bookings_kept=[],
        )


@pytest.mark.parametrize(
    "spec",
    [
        one_off(starts_at=at(2027, 2, 26, 9), ends_at=at(2027, 2, 26, 12)),
        weekly(first_date=date(2027, 2, 1), last_date=date(2027, 2, 28)),
    ],
    ids=["one-off", "weekly"],
)
def test_a_window_in_the_past_is_not_published(spec: WindowSpec) -> None:
    with pytest.raises(InvalidInput, match="in the past"):
        published(spec)


def test_the_days_a_weekly_window_may_have_bookings_on_are_its_weekdays_to_the_horizon() -> None:
    window = published()

    assert window.days_with_possible_bookings(date(2027, 3, 1)) == [
        date(2027, 3, 2), date(2027, 3, 9), date(2027, 3, 16), date(2027, 3, 23),
    ]  # fmt: skip


def test_a_longer_horizon_once_offered_is_remembered_for_the_bookings_it_allowed() -> None:
    window = published()
    window.change(actor=EXPERT, at=NOW, spec=weekly(horizon_days=7), bookings_kept=[])

    assert window.days_with_possible_bookings(date(2027, 3, 1))[-1] == date(2027, 3, 23)


def test_the_spring_forward_hour_offers_no_slot_and_the_autumn_hour_offers_one() -> None:
    sundays = weekly(
        weekday=6, start_time="00:30", end_time="03:30", session_minutes=60, buffer_minutes=0,
        horizon_days=365,
    )  # fmt: skip

    spring = [s.start for s in sundays.slots(at(2027, 3, 27, 12), at(2027, 3, 28, 12))]
    autumn = [s.start for s in sundays.slots(at(2027, 10, 30, 12), at(2027, 10, 31, 12))]

    assert [london(s) for s in spring] == ["Sun 28 Mar 00:30", "Sun 28 Mar 02:30"]
    assert spring == [at(2027, 3, 28, 0, 30), at(2027, 3, 28, 1, 30)]
    assert [london(s) for s in autumn] == [
        "Sun 31 Oct 00:30",
        "Sun 31 Oct 01:30",
        "Sun 31 Oct 02:30",
    ]
    assert autumn == [at(2027, 10, 30, 23, 30), at(2027, 10, 31, 0, 30), at(2027, 10, 31, 2, 30)]
    second_one_thirty = datetime(2027, 10, 31, 1, 30, tzinfo=LONDON, fold=1)
    with pytest.raises(SlotUnavailable, match="not one of the window's slots"):
        sundays.slot_at(second_one_thirty)


@pytest.mark.parametrize(
    "spec",
    [
        weekly(),
        weekly(weekday=6, start_time="00:30", end_time="03:30", session_minutes=60,
               buffer_minutes=0),
        weekly(weekday=6, start_time="00:05", end_time="23:55", session_minutes=50,
               buffer_minutes=25, last_date=date(2027, 10, 31)),
        weekly(weekday=5, start_time="23:00", end_time="23:59", session_minutes=15,
               buffer_minutes=5),
    ],
)  # fmt: skip
def test_the_slot_at_a_time_is_the_one_the_window_lists_there_or_none(spec: WindowSpec) -> None:
    """A weekly window works out its slot at a time instead of listing the day's slots:
    every 5 minutes through the fortnights of both clock changes, and each second hour,
    both give the same answer."""
    weeks = [(at(2027, 3, 20), at(2027, 4, 4)), (at(2027, 10, 23), at(2027, 11, 7))]
    listed = {s.start: s for first, last in weeks for s in spec.slots(first, last)}
    moments = [first + timedelta(minutes=5 * n) for first, _ in weeks for n in range(12 * 24 * 15)]
    moments += [m.astimezone(LONDON).replace(fold=1) for m in moments if m.month in (3, 10)]
    moments += [s + timedelta(microseconds=1) for s in listed]

    for moment in moments:
        try:
            found: TimeRange | None = spec.slot_at(moment)
        except SlotUnavailable:
            found = None
        assert found == listed.get(moment), moment
    assert len(listed) >= 12  # the fewest: 3 a week in the first window


@pytest.mark.parametrize(
    ("make", "overrides", "message", "field"),
    [
        (
            weekly,
            {"session_minutes": 10},
            "the session length must be between 15 and 480",
            "session_minutes",
        ),
        (
            weekly,
            {"session_minutes": "45"},
            "the session length must be a whole number",
            "session_minutes",
        ),
        (
            weekly,
            {"buffer_minutes": -5},
            "the gap between sessions must be between 0 and 240 minutes",
            "buffer_minutes",
        ),
        (
            weekly,
            {"notice_minutes": -1},
            "the minimum notice must be between 0",
            "notice_minutes",
        ),
        (
            weekly,
            {"horizon_days": 0},
            "the booking horizon must be between 1 and 365 days",
            "horizon_days",
        ),
        (
            weekly,
            {"horizon_days": 10000},
            "the booking horizon must be between 1 and 365 days",
            "horizon_days",
        ),
        (
            weekly,
            {"seats": 0},
            "the number of seats must be between 1 and 200",
            "seats",
        ),
        (weekly, {"theme_ids": []}, "choose at least one theme", "theme_ids"),
        (weekly, {"mode": "carrier pigeon"}, "choose online or in person", "mode"),
        (weekly, {"mode": "in_person", "location": " "}, "enter the place", "location"),
        (weekly, {"weekday": 7}, "the weekday must be between 0 and 6", "weekday"),
        (weekly, {"start_time": "25:00"}, "start time must be a time such as 09:30", "start_time"),
        (weekly, {"end_time": "noon"}, "end time must be a time such as 09:30", "end_time"),
        (weekly, {"start_time": "11:30"}, "room for at least one 45-minute session", "end_time"),
        (weekly, {"start_time": "12:00"}, "the window must end after its start", "end_time"),
        (
            weekly,
            {"last_date": date(2027, 2, 28)},
            "the last date must be on or after the first",
            "last_date",
        ),
        (
            one_off,
            {"ends_at": at(2027, 3, 10, 8)},
            "the window must end after its start",
            "ends_at",
        ),
        (
            one_off,
            {"ends_at": at(2027, 3, 25, 9)},
            "a one-off window can be at most 14 days long",
            "ends_at",
        ),
        (
            one_off,
            {"starts_at": datetime(2027, 3, 10, 9)},
            "start must include a time zone",
            "starts_at",
        ),
        (
            one_off,
            {"ends_at": datetime(2027, 3, 10, 12)},
            "end must include a time zone",
            "ends_at",
        ),
    ],
)
def test_a_window_with_bad_terms_is_refused_naming_the_term(
    make: Any, overrides: dict[str, Any], message: str, field: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as refusal:
        make(**overrides)
    assert refusal.value.field == field


def test_a_changed_window_still_looks_for_bookings_on_the_days_it_offered_before() -> None:
    window = published(weekly(last_date=date(2027, 3, 31)))  # Tuesdays in March
    window.change(
        actor=EXPERT,
        at=NOW,
        spec=weekly(weekday=2, last_date=date(2027, 3, 15)),  # Wednesdays to mid-March
        bookings_kept=[],
    )

    assert window.days_with_possible_bookings(date(2027, 3, 8)) == [
        date(2027, 3, 9), date(2027, 3, 10), date(2027, 3, 16), date(2027, 3, 23),
        date(2027, 3, 30),
    ]  # fmt: skip


def test_a_one_off_window_may_have_bookings_only_on_its_own_days() -> None:
    window = published(one_off(ends_at=at(2027, 3, 11, 1)))

    assert window.days_with_possible_bookings(date(2027, 3, 1)) == [
        date(2027, 3, 10),
        date(2027, 3, 11),
    ]

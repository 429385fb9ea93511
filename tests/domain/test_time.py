"""Instants and London wall-clock time (rule 6)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from domain.errors import InvalidInput
from domain.time import (
    LONDON,
    TimeRange,
    as_utc,
    happens_twice,
    london_date,
    london_day,
    london_instant,
)
from tests.domain.support import at


def test_an_aware_time_becomes_the_same_instant_in_utc() -> None:
    assert as_utc(datetime(2027, 7, 1, 10, tzinfo=LONDON)) == at(2027, 7, 1, 9)
    assert as_utc(datetime(2027, 7, 1, 10, tzinfo=timezone(timedelta(hours=-5)))) == at(
        2027, 7, 1, 15
    )


def test_an_instant_already_in_utc_is_itself_unless_its_day_is_out_of_reach() -> None:
    instant = at(2027, 7, 1, 9)

    assert as_utc(instant) is instant
    with pytest.raises(InvalidInput, match="the start must be in a year from 1900") as refusal:
        as_utc(datetime(1, 1, 1, tzinfo=UTC), "the start", field="start")
    assert refusal.value.field == "start"


def test_a_naive_time_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput, match=r"^the start must include a time zone$") as refusal:
        as_utc(datetime(2027, 3, 9, 10), "the start", field="starts_at")
    assert refusal.value.field == "starts_at"


def test_a_london_time_skipped_by_the_spring_change_is_refused_not_shifted() -> None:
    with pytest.raises(
        InvalidInput,
        match="the start 01:30 on 28 March 2027 does not exist in Europe/London: the clocks go",
    ) as refusal:
        as_utc(datetime(2027, 3, 28, 1, 30, tzinfo=LONDON), "the start", field="start")
    assert refusal.value.field == "start"


def test_both_occurrences_of_the_repeated_autumn_hour_are_distinct_instants() -> None:
    first = as_utc(datetime(2027, 10, 31, 1, 30, tzinfo=LONDON))
    second = as_utc(datetime(2027, 10, 31, 1, 30, tzinfo=LONDON, fold=1))

    assert (first, second) == (at(2027, 10, 31, 0, 30), at(2027, 10, 31, 1, 30))


def test_london_wall_times_resolve_to_instants_or_to_nothing() -> None:
    assert london_instant(date(2027, 3, 28), time(1, 30)) is None
    assert london_instant(date(2027, 3, 28), time(2, 0)) == at(2027, 3, 28, 1)
    assert london_instant(date(2027, 10, 31), time(1, 30)) == at(2027, 10, 31, 0, 30)


def test_change_days_are_23_and_25_hours_long() -> None:
    assert london_day(date(2027, 3, 28)).minutes == 23 * 60
    assert london_day(date(2027, 10, 31)).minutes == 25 * 60
    assert london_date(at(2027, 6, 30, 23, 30)) == date(2027, 7, 1)


def test_a_time_range_ends_after_it_starts_and_knows_its_london_dates() -> None:
    with pytest.raises(InvalidInput, match="the end must be after the start") as refusal:
        TimeRange(at(2027, 3, 9, 10), at(2027, 3, 9, 10))
    assert refusal.value.field is None  # a range is not an argument: its callers name one
    late = TimeRange(at(2027, 3, 9, 23, 30), datetime(2027, 3, 10, tzinfo=UTC))
    assert late.london_dates() == [date(2027, 3, 9)]
    assert late.widened(timedelta(minutes=15)).london_dates() == [
        date(2027, 3, 9),
        date(2027, 3, 10),
    ]


def test_only_the_hour_after_one_on_the_autumn_change_day_happens_twice() -> None:
    autumn, spring = date(2027, 10, 31), date(2027, 3, 28)

    assert happens_twice(autumn, time(1, 30)) and happens_twice(autumn, time(1, 0))
    assert not happens_twice(autumn, time(0, 59)) and not happens_twice(autumn, time(2, 0))
    assert not happens_twice(spring, time(1, 30)) and not happens_twice(date(2027, 7, 1), time(1))

"""A provider's diary for one day (rule 1): no two sessions closer than the larger of their
buffers, whatever window they came from; group seats up to the number offered; time off
blocks new bookings; expired holds block nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

import pytest

from domain.diary import ProviderDiary
from domain.errors import InvalidInput, SessionFull, SlotTaken, SlotUnavailable
from domain.time import TimeRange
from tests.domain.support import EXPERT, NOW, at, event_names, refused

DAY = date(2027, 3, 10)
WINDOW_A, WINDOW_B = UUID(int=31), UUID(int=32)
FIRST, SECOND, THIRD = UUID(int=1001), UUID(int=1002), UUID(int=1003)


def diary() -> ProviderDiary:
    return ProviderDiary.open(actor=EXPERT, at=NOW, provider_id=EXPERT, day=DAY)


def session(hour: int, minute: int = 0, minutes: int = 45) -> TimeRange:
    start = at(2027, 3, 10, hour, minute)
    return TimeRange(start, start + timedelta(minutes=minutes))


def reserve(
    book: ProviderDiary,
    booking: UUID,
    slot: TimeRange,
    *,
    buffer: int = 0,
    window: UUID = WINDOW_A,
    seats: int = 1,
    hold_until: datetime | None = None,
) -> None:
    book.reserve(
        actor=EXPERT,
        at=NOW,
        booking_id=booking,
        window_id=window,
        slot=slot,
        buffer_minutes=buffer,
        seats=seats,
        hold_until=hold_until,
    )


def test_a_diary_has_a_deterministic_id_per_provider_and_day() -> None:
    assert diary().id == ProviderDiary.create_id(EXPERT, DAY)
    assert diary().id != ProviderDiary.create_id(EXPERT, DAY + timedelta(days=1))


def test_a_slot_cannot_be_booked_twice() -> None:
    book = diary()
    reserve(book, FIRST, session(10))

    with refused(book, SlotTaken, "that time is already booked") as refusal:
        reserve(book, SECOND, session(10))
    assert refusal.value.field == "start"


def test_overlapping_sessions_from_different_windows_are_refused() -> None:
    book = diary()
    reserve(book, FIRST, session(10, minutes=90), window=WINDOW_A)

    with refused(book, SlotTaken, "already booked"):
        reserve(book, SECOND, session(11), window=WINDOW_B)


@pytest.mark.parametrize(
    ("first_buffer", "second_buffer", "second_start", "free"),
    [
        (15, 0, (10, 55), False),  # within the first session's 15-minute buffer
        (15, 0, (11, 0), True),  # exactly the larger buffer apart
        (0, 30, (11, 0), False),  # the new session's own buffer is the larger one
        (0, 30, (11, 15), True),
        (15, 30, (11, 14), False),  # the gap is the larger of the two, not their sum
        (15, 30, (11, 15), True),
    ],
)
def test_the_gap_between_sessions_is_the_larger_of_their_two_buffers(
    first_buffer: int, second_buffer: int, second_start: tuple[int, int], free: bool
) -> None:
    book = diary()
    reserve(book, FIRST, session(10), buffer=first_buffer)  # 10:00-10:45
    later = session(*second_start)

    if free:
        reserve(book, SECOND, later, buffer=second_buffer)
        assert set(book.intervals) == {str(FIRST), str(SECOND)}
    else:
        with refused(book, SlotTaken, "already booked"):
            reserve(book, SECOND, later, buffer=second_buffer)


def test_a_buffer_keeps_an_earlier_session_away_too() -> None:
    book = diary()
    reserve(book, FIRST, session(10), buffer=30)

    with refused(book, SlotTaken, "already booked"):
        reserve(book, SECOND, session(9, 0), buffer=0)  # ends 09:45, 15 minutes before


def test_a_booking_moving_within_the_diary_does_not_clash_with_itself() -> None:
    book = diary()
    reserve(book, FIRST, session(10), buffer=15)

    reserve(book, FIRST, session(10, 30), buffer=15)

    assert book.intervals[str(FIRST)]["start"] == at(2027, 3, 10, 10, 30)


def test_a_group_session_takes_one_booking_per_seat_and_no_more() -> None:
    book = diary()
    workshop = session(10, minutes=90)
    for booking in (FIRST, SECOND, THIRD):
        reserve(book, booking, workshop, buffer=15, seats=3)

    with refused(book, SessionFull, "all 3 seats of this session are taken"):
        reserve(book, UUID(int=1004), workshop, buffer=15, seats=3)


def test_another_session_cannot_overlap_a_group_session() -> None:
    book = diary()
    reserve(book, FIRST, session(10, minutes=90), seats=6)

    with refused(book, SlotTaken, "already booked"):
        reserve(book, SECOND, session(11), seats=1, window=WINDOW_B)
    with refused(book, SlotTaken, "already booked"):
        reserve(book, SECOND, session(11), seats=6, window=WINDOW_B)


def test_a_released_booking_frees_its_time_and_its_seat() -> None:
    book = diary()
    reserve(book, FIRST, session(10))

    book.release(actor=EXPERT, at=NOW, booking_id=FIRST)
    reserve(book, SECOND, session(10))

    assert list(book.intervals) == [str(SECOND)]
    version = book.version
    book.release(actor=EXPERT, at=NOW, booking_id=FIRST)
    assert book.version == version  # releasing what is not there records nothing


def test_time_off_blocks_new_bookings_and_names_the_bookings_already_there() -> None:
    book = diary()
    reserve(book, FIRST, session(10))
    whole_day = TimeRange(at(2027, 3, 10), at(2027, 3, 11))

    book.block(actor=EXPERT, at=NOW, block_id=UUID(int=5), span=whole_day)

    assert book.pending_events[-1].bookings_kept == [FIRST]  # type: ignore[attr-defined]
    assert str(FIRST) in book.intervals
    with refused(book, SlotUnavailable, "the provider has time off then"):
        reserve(book, SECOND, session(14))


def test_time_off_removed_frees_the_day_again() -> None:
    book = diary()
    book.block(actor=EXPERT, at=NOW, block_id=UUID(int=5), span=session(9, minutes=300))

    book.unblock(actor=EXPERT, at=NOW, block_id=UUID(int=5))
    reserve(book, FIRST, session(10))

    assert event_names(book) == ["Opened", "Blocked", "Unblocked", "Reserved"]


def test_a_live_hold_blocks_the_slot_and_an_expired_one_does_not() -> None:
    book = diary()
    hold_until = NOW + timedelta(hours=48)
    reserve(book, FIRST, session(10), buffer=15, hold_until=hold_until)

    with pytest.raises(SlotTaken):
        book.check_free(
            at=hold_until - timedelta(seconds=1), booking_id=SECOND, window_id=WINDOW_A,
            slot=session(10), buffer_minutes=15, seats=1,
        )  # fmt: skip
    book.check_free(
        at=hold_until, booking_id=SECOND, window_id=WINDOW_A,
        slot=session(10), buffer_minutes=15, seats=1,
    )  # fmt: skip
    assert book.expired_holds(hold_until) == [FIRST]
    assert book.expired_holds(hold_until - timedelta(seconds=1)) == []


def test_a_confirmed_hold_blocks_for_good() -> None:
    book = diary()
    hold_until = NOW + timedelta(hours=48)
    reserve(book, FIRST, session(10), hold_until=hold_until)

    book.confirm_hold(actor=EXPERT, at=NOW, booking_id=FIRST)

    assert book.expired_holds(hold_until + timedelta(days=1)) == []
    with refused(book, InvalidInput, "there is no hold for that booking in this diary"):
        book.confirm_hold(actor=EXPERT, at=NOW, booking_id=FIRST)


def test_the_bookings_of_a_window_still_to_come_are_found() -> None:
    book = diary()
    reserve(book, FIRST, session(10), window=WINDOW_A)
    reserve(book, SECOND, session(12), window=WINDOW_B)

    assert list(book.bookings_from(WINDOW_A, NOW)) == [FIRST]
    assert book.bookings_from(WINDOW_A, at(2027, 3, 10, 10)) == {}
    assert book.bookings_within(session(11, minutes=90), NOW) == [SECOND]

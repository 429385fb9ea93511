"""After a race: read every booking, diary, engagement and peer month back and check that
rules 1 and 2 hold and that no change was half-written.

Aggregates are found through the event log itself (their first events), so a booking saved
without its diary entry, or a diary entry without its booking, cannot hide from the check.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from itertools import combinations
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import ids
from domain.bookings import Booking
from domain.diary import ProviderDiary, group_key
from domain.engagements import Engagement
from domain.peer_month import PeerMonth
from domain.people import Person
from domain.time import month_key
from service.application import ExpertBank

A = TypeVar("A", bound=Aggregate)
PAGE = 1000


@dataclass(frozen=True)
class Books:
    """Everything the store holds about bookings, read back after a race."""

    bookings: list[Booking]
    diaries: list[ProviderDiary]
    engagements: list[Engagement]
    peer_months: list[PeerMonth]

    @property
    def live(self) -> list[Booking]:
        return [b for b in self.bookings if b.is_live]


def read_books(bank: ExpertBank) -> Books:
    return Books(
        bookings=_all(bank, Booking, "expertbank:Booking.Booked"),
        diaries=_all(bank, ProviderDiary, "expertbank:ProviderDiary.Opened"),
        engagements=_all(bank, Engagement, "expertbank:Engagement.Commissioned"),
        peer_months=_all(bank, PeerMonth, "expertbank:PeerMonth.Opened"),
    )


def _all(bank: ExpertBank, kind: type[A], first_topic: str) -> list[A]:
    found: list[A] = []
    start = 1
    while True:
        page = bank.store.recorder.select_notifications(start, PAGE, topics=[first_topic])
        for notification in page:
            originator = UUID(str(notification.originator_id))
            found.append(bank.ctx.load(kind, originator, kind.__name__, field=None))
        if len(page) < PAGE:
            return found
        start = page[-1].id + 1


def assert_rules_hold(bank: ExpertBank) -> Books:
    """Rules 1 and 2 hold, and every booking is exactly where it should be."""
    books = read_books(bank)
    _assert_no_overlaps(books.live)
    _assert_diaries_match(books)
    _assert_engagements_match(books)
    _assert_peer_months_match(bank, books)
    return books


def _assert_no_overlaps(live: list[Booking]) -> None:
    """No two live bookings of a provider come within a buffer of each other, except seats
    of one group session, which never number more than its seats."""
    by_provider: dict[UUID, list[Booking]] = defaultdict(list)
    for booking in live:
        by_provider[booking.provider_id].append(booking)
    for bookings in by_provider.values():
        seats: dict[str, list[Booking]] = defaultdict(list)
        for booking in bookings:
            if booking.seats > 1:
                seats[group_key(booking.window_id, booking.start)].append(booking)
        for taken in seats.values():
            assert len(taken) <= taken[0].seats, f"{len(taken)} bookings for {taken[0].seats} seats"
        for one, other in combinations(bookings, 2):
            if one.seats > 1 and _same_session(one, other):
                continue
            gap = timedelta(minutes=max(one.buffer_minutes, other.buffer_minutes))
            assert not one.slot.overlaps(other.slot, gap), (
                f"bookings {one.id} ({one.start:%H:%M}) and {other.id} ({other.start:%H:%M}) "
                "of one provider overlap, buffers included"
            )


def _same_session(one: Booking, other: Booking) -> bool:
    return (one.window_id, one.start) == (other.window_id, other.start)


def _assert_diaries_match(books: Books) -> None:
    """Each live booking is in the diary of every day it touches; each diary interval is a
    live booking's, at that booking's times."""
    live = {str(b.id): b for b in books.live}
    diaries = {(d.provider_id, d.day): d for d in books.diaries}
    for booking in books.live:
        for day in booking.span_with_buffer().london_dates():
            diary = diaries.get((booking.provider_id, day))
            assert diary is not None and str(booking.id) in diary.intervals, (
                f"booking {booking.id} is missing from its provider's diary of {day}"
            )
    for diary in books.diaries:
        for key, entry in diary.intervals.items():
            owner = live.get(key)
            assert owner is not None, f"the diary of {diary.day} holds {key}, not a live booking"
            assert owner.provider_id == diary.provider_id
            assert (entry["start"], entry["end"]) == (owner.start, owner.end)
            assert diary.day in owner.span_with_buffer().london_dates()


def _assert_engagements_match(books: Books) -> None:
    """An engagement reserves exactly its live bookings' minutes, within its allowance."""
    for engagement in books.engagements:
        expected = {str(b.id): b.minutes for b in books.live if b.engagement_id == engagement.id}
        reserved = {key: r["minutes"] for key, r in engagement.reservations.items()}
        assert reserved == expected, f"engagement {engagement.id} reserves {reserved}"
        assert engagement.booked_minutes <= engagement.allowance_minutes


def _assert_peer_months_match(bank: ExpertBank, books: Books) -> None:
    """A peer month commits exactly its live peer-support bookings (a group session once),
    within the peer's cap."""
    for month in books.peer_months:
        expected: dict[str, tuple[int, set[str]]] = {}
        for booking in books.live:
            if booking.engagement_id is not None or booking.provider_id != month.provider_id:
                continue
            if month_key(booking.start) != month.month:
                continue
            key = (
                group_key(booking.window_id, booking.start)
                if booking.seats > 1
                else str(booking.id)
            )
            expected.setdefault(key, (booking.minutes, set()))[1].add(str(booking.id))
        committed = {
            key: (entry["minutes"], set(entry["bookings"]))
            for key, entry in month.commitments.items()
        }
        assert committed == expected, f"peer month {month.month} commits {committed}"
        assert month.id == ids.peer_month_id(month.provider_id, month.month)
        cap = bank.ctx.load(Person, month.provider_id, "peer", field=None).peer_cap_minutes
        assert cap is None or month.committed_minutes <= cap

"""A peer's month (rule 2): committed hours never pass the peer's cap; a group session
counts once however many seats it has; a released booking gives its minutes back."""

from __future__ import annotations

from uuid import UUID

from domain.errors import CapExceeded
from domain.peer_month import PeerMonth
from tests.domain.support import NOW, PEER, refused

CAP = 4 * 60


def month() -> PeerMonth:
    return PeerMonth.open(actor=PEER, at=NOW, provider_id=PEER, month="2027-03")


def commit(peer_month: PeerMonth, n: int, minutes: int = 45, key: str | None = None) -> None:
    peer_month.reserve(
        actor=PEER,
        at=NOW,
        booking_id=UUID(int=n),
        key=key or str(UUID(int=n)),
        minutes=minutes,
        cap_minutes=CAP,
    )


def test_a_peer_month_has_a_deterministic_id() -> None:
    assert month().id == PeerMonth.create_id(PEER, "2027-03")
    assert month().id != PeerMonth.create_id(PEER, "2027-04")


def test_sessions_count_against_the_cap_and_one_past_it_is_refused_saying_what_is_left() -> None:
    peer_month = month()
    for n in range(1, 6):
        commit(peer_month, n)  # 5 x 45 minutes = 3.75 hours

    with refused(
        peer_month,
        CapExceeded,
        "this peer gives at most 4 hours a month and has 15 minutes left in 2027-03",
    ):
        commit(peer_month, 6)
    assert peer_month.committed_minutes == 225


def test_the_cap_can_be_filled_exactly() -> None:
    peer_month = month()
    commit(peer_month, 1, minutes=180)

    commit(peer_month, 2, minutes=60)

    assert peer_month.committed_minutes == CAP


def test_a_group_session_counts_once_however_many_seats_are_taken() -> None:
    peer_month = month()
    commit(peer_month, 1, minutes=180)
    for n in range(10, 16):
        commit(peer_month, n, minutes=60, key="workshop")

    assert peer_month.committed_minutes == CAP
    assert peer_month.commitments["workshop"]["bookings"] == [
        str(UUID(int=n)) for n in range(10, 16)
    ]


def test_a_group_session_gives_its_minutes_back_when_its_last_seat_is_released() -> None:
    peer_month = month()
    commit(peer_month, 10, minutes=90, key="workshop")
    commit(peer_month, 11, minutes=90, key="workshop")

    peer_month.release(actor=PEER, at=NOW, booking_id=UUID(int=10))
    assert peer_month.committed_minutes == 90
    peer_month.release(actor=PEER, at=NOW, booking_id=UUID(int=11))

    assert peer_month.committed_minutes == 0


def test_a_released_booking_makes_room_under_the_cap() -> None:
    peer_month = month()
    commit(peer_month, 1, minutes=CAP)

    peer_month.release(actor=PEER, at=NOW, booking_id=UUID(int=1))
    commit(peer_month, 2, minutes=CAP)

    assert list(peer_month.commitments) == [str(UUID(int=2))]


def test_releasing_a_booking_not_committed_records_nothing() -> None:
    peer_month = month()
    version = peer_month.version

    peer_month.release(actor=PEER, at=NOW, booking_id=UUID(int=1))

    assert peer_month.version == version


def test_without_a_cap_any_number_of_hours_is_committed() -> None:
    peer_month = month()

    peer_month.reserve(
        actor=PEER, at=NOW, booking_id=UUID(int=1), key="a", minutes=40 * 60, cap_minutes=None
    )

    assert peer_month.committed_minutes == 2400

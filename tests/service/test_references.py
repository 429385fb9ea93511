"""A booking's reference is the client's, but never the id of another kind of record: the
ids of diaries and peers' months are predictable, and a booking given one must not make a
provider's day unbookable for ever."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain import ids
from domain.errors import InvalidInput, NotFound, WrongKind
from service.application import ExpertBank
from tests.service.support import london, nothing_recorded
from tests.world import World


class Bookers:
    """Two services, each with an engagement with the evaluator, who offers Tuesdays."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.window = world.window(world.evaluator)
        self.engagements = {
            head: world.engagement(getattr(world, head), world.evaluator, world.evaluation)
            for head in ("worcs_head", "haringey_head")
        }

    def book(self, head: str, hour: int, reference: UUID | None = None) -> UUID:
        w = self.world
        service = w.worcestershire if head == "worcs_head" else w.haringey
        return w.bank.bookings.book(
            getattr(w, head),
            service_id=service,
            provider_id=w.evaluator,
            window_id=self.window,
            start=london(2027, 3, 16, hour),
            engagement_id=self.engagements[head],
            booking_id=reference,
        )


@pytest.mark.parametrize(
    "predicted",
    [
        lambda w: ids.diary_id(w.evaluator, date(2027, 3, 16)),
        lambda w: ids.peer_month_id(w.evaluator, "2027-03"),
        lambda w: w.worcestershire,
    ],
    ids=["a diary's id", "a peer's month's id", "a library service's id"],
)
def test_a_reference_equal_to_another_records_id_books_under_an_id_of_its_own(
    world: World, predicted: object
) -> None:
    bookers = Bookers(world)
    reference = predicted(world)  # type: ignore[operator]

    attack = bookers.book("worcs_head", 9, reference)
    again = bookers.book("worcs_head", 9, reference)
    later = bookers.book("haringey_head", 10)

    assert attack == again != reference
    assert world.bank.bookings.booking(world.manager, later).status == "confirmed"


def test_a_time_ordered_reference_is_the_bookings_id_and_another_service_cannot_reuse_it(
    bank: ExpertBank, world: World
) -> None:
    bookers = Bookers(world)
    reference = ids.time_ordered_id(bank.clock.now())

    booked = bookers.book("worcs_head", 9, reference)

    assert booked == reference
    with nothing_recorded(bank, InvalidInput, "that booking reference is already used"):
        bookers.book("haringey_head", 10, reference)


def test_the_same_random_reference_from_two_services_makes_two_references(
    world: World,
) -> None:
    bookers = Bookers(world)
    reference = uuid4()

    assert bookers.book("worcs_head", 9, reference) != bookers.book("haringey_head", 10, reference)


def test_a_record_of_another_kind_is_refused_as_such_never_not_found(
    bank: ExpertBank, world: World
) -> None:
    bookers = Bookers(world)
    booked = bookers.book("worcs_head", 9)
    diary = ids.diary_id(world.evaluator, date(2027, 3, 16))

    with nothing_recorded(bank, WrongKind, "is the id of another kind of record"):
        bank.bookings.cancel(world.worcs_head, diary, reason="Ill")
    with nothing_recorded(bank, WrongKind, "another kind of record") as refusal:
        bank.requests.shortlist(world.manager, booked)
    assert refusal.value.field == "request_id"
    with nothing_recorded(bank, NotFound, "there is no booking"):
        bank.bookings.cancel(world.worcs_head, uuid4(), reason="Ill")

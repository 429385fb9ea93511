"""The demo leaves, for the README's sign-ins, every journey a visitor can take next:
scenario 1's engagement under way with hours left and time to book, a held session waiting
for the service's feedback, a past session waiting for the expert to record it, a request
waiting for a peer's answer; no session on a weekend or a bank holiday (the PostgreSQL
seeding's weeks hold Good Friday, Easter Monday and the early May bank holiday); counts that
agree."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from domain.bank_holidays import Nation, bank_holiday
from domain.bookings import Booking
from domain.engagements import Engagement
from domain.registry import LibraryService, Region
from domain.time import LONDON
from service.demo import member
from tests.service.test_demo import Seeded, seeded  # noqa: F401  (the seeded demo, once)


def _person(s: Seeded, key: str) -> UUID:
    found = s.bank.people.find_by_email(member(key).email)
    assert found is not None
    return found


def _worcestershire(s: Seeded) -> tuple[Engagement, list[Booking]]:
    worcestershire = s.named(LibraryService, "Worcestershire")
    engagement = next(e for e in s.all(Engagement) if e.service_id == worcestershire.id)
    return engagement, [b for b in s.all(Booking) if b.engagement_id == engagement.id]


def test_scenario_one_is_under_way_with_hours_left_and_time_to_book(seeded: Seeded) -> None:  # noqa: F811
    engagement, _ = _worcestershire(seeded)
    assert engagement.state == "active"
    assert engagement.allowance_minutes - engagement.booked_minutes >= 90
    claire = _person(seeded, "claire")
    service = seeded.bank.people.person(claire).service_id
    read = seeded.bank.read_models
    read.runner.catch_up()
    page = read.availability.search(
        provider_id=engagement.expert_id,
        theme_id=engagement.theme_id,
        first_day=seeded.now.date(),
        last_day=seeded.now.date() + timedelta(weeks=6),
        exclude_service_id=service,
        experts=[engagement.expert_id],
    )
    assert page.slots, "Claire can book Sarah"


def test_a_held_session_waits_for_the_services_feedback(seeded: Seeded) -> None:  # noqa: F811
    _, bookings = _worcestershire(seeded)
    assert any(b.outcome == "held" and b.rating is None for b in bookings)


def test_a_past_session_waits_for_the_expert_to_record_it(seeded: Seeded) -> None:  # noqa: F811
    sarah = _person(seeded, "sarah")
    assert any(
        b.provider_id == sarah and b.status == "confirmed" and b.end <= seeded.now and not b.outcome
        for b in seeded.all(Booking)
    )


def test_a_request_waits_for_the_peers_answer(seeded: Seeded) -> None:  # noqa: F811
    ahmed = _person(seeded, "ahmed")
    assert any(
        b.provider_id == ahmed and b.status == "held" and b.hold_until and b.hold_until > seeded.now
        for b in seeded.all(Booking)
    )


def test_no_session_on_a_weekend(seeded: Seeded) -> None:  # noqa: F811
    days = {b.start.astimezone(LONDON).date() for b in seeded.all(Booking)}
    assert sorted(d for d in days if d.weekday() >= 5) == []


def test_no_session_on_a_bank_holiday(seeded: Seeded) -> None:  # noqa: F811
    days = {b.start.astimezone(LONDON).date() for b in seeded.all(Booking)}
    on_holidays = [d for d in days if bank_holiday(d, Nation.ENGLAND_AND_WALES)]
    assert on_holidays == []
    assert any(d > seeded.now.date() for d in days)


def test_the_counts_agree(seeded: Seeded) -> None:  # noqa: F811
    for engagement in seeded.all(Engagement):
        bookings = [b for b in seeded.all(Booking) if b.engagement_id == engagement.id]
        live = [b for b in bookings if b.status in ("held", "confirmed")]
        assert engagement.booked_minutes == sum(b.minutes for b in live)
        assert engagement.used_minutes == sum(b.minutes for b in live if b.outcome == "held")
        assert engagement.booked_minutes <= engagement.allowance_minutes


def test_the_regional_manager_looks_after_a_region(seeded: Seeded) -> None:  # noqa: F811
    tom = seeded.bank.people.person(_person(seeded, "tom"))
    assert tom.region_id == seeded.named(Region, "West Midlands").id

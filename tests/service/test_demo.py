"""The demo data: seeded through commands, never twice, covering what a visitor should see.

One seeding per backend (module scope), each at a fixed "now" so the run is repeatable: on
SQLite a Saturday whose history crosses the October clock change, on PostgreSQL a Monday
morning whose history crosses the March one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import pytest
from click.testing import CliRunner
from eventsourcing.domain import Aggregate

from domain.availability import AvailabilityWindow
from domain.bookings import Booking
from domain.engagements import Engagement
from domain.ids import SYSTEM_ACTOR
from domain.people import Person, Role
from domain.registry import LibraryService, Region, Theme
from domain.requests import ExpressionOfInterest, RequestState
from domain.resources import Resource
from entrypoints.bootstrap import bootstrap
from entrypoints.cli import main
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from service.demo import CAST, DEMO_PASSWORD, SIGN_INS, Outcome, Seeding, member, seed
from service.demo.cast import THEME_CHANGE_ASKED_BY
from tests.databases import database_url

A = TypeVar("A", bound=Aggregate)

CASES = [
    pytest.param(("sqlite", datetime(2026, 11, 28, 12, 35, tzinfo=UTC)), id="sqlite"),
    pytest.param(
        ("postgres", datetime(2027, 4, 5, 7, 10, tzinfo=UTC)),
        id="postgres",
        marks=pytest.mark.postgres,
    ),
]


@dataclass
class Seeded:
    settings: Settings
    now: datetime
    first: Seeding
    bank: ExpertBank
    events: list[Any]

    def all(self, kind: type[A]) -> list[A]:
        originators = dict.fromkeys(event.originator_id for event in self.events)
        found = (self.bank.ctx.cache.get(originator) for originator in originators)
        return [aggregate for aggregate in found if isinstance(aggregate, kind)]

    def named(self, kind: type[A], name: str) -> A:
        return next(a for a in self.all(kind) if getattr(a, "name", None) == name)

    def env(self) -> dict[str, str]:
        return {
            "EXPERTBANK_DATA_DIR": str(self.settings.data_dir),
            "EXPERTBANK_DATABASE_URL": self.settings.database_url,
        }


@pytest.fixture(scope="module", params=CASES)
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    backend, now = request.param
    path = tmp_path_factory.mktemp("demo")
    with database_url(backend, path) as url:
        settings = Settings(data_dir=path / "data", database_url=url)
        first = seed(lambda clock: bootstrap(settings, clock), now)
        bank = bootstrap(settings, ManualClock(now))
        notifications = bank.store.recorder.select_notifications(start=1, limit=1_000_000)
        events = [bank.store.mapper.to_domain_event(n) for n in notifications]
        yield Seeded(settings, now, first, bank, events)
        bank.close()


def test_a_second_run_finds_the_demo_and_records_nothing(seeded: Seeded) -> None:
    assert seeded.first.outcome == Outcome.SEEDED
    assert seeded.first.events == len(seeded.events) > 300

    again = seed(lambda clock: bootstrap(seeded.settings, clock), seeded.now + timedelta(days=1))

    assert again.outcome == Outcome.ALREADY_THERE
    assert again.events == seeded.first.events == seeded.bank.head_position()


def test_nothing_is_dated_after_now_and_the_history_spans_weeks(seeded: Seeded) -> None:
    stamps = [event.timestamp for event in seeded.events]

    assert max(stamps) <= seeded.now
    assert min(stamps) <= seeded.now - timedelta(weeks=5)
    assert stamps == sorted(stamps)


def test_the_nine_regions_and_real_services_in_their_regions(seeded: Seeded) -> None:
    regions = {region.id: region.name for region in seeded.all(Region)}
    services = {s.name: regions[s.region_id] for s in seeded.all(LibraryService)}

    assert sorted(regions.values()) == sorted(
        ["North East", "North West", "Yorkshire and the Humber", "East Midlands",
         "West Midlands", "East of England", "London", "South East", "South West"]
    )  # fmt: skip
    assert {
        "Worcestershire": "West Midlands",
        "Haringey": "London",
        "Leicestershire": "East Midlands",
        "Newcastle upon Tyne": "North East",
        "Manchester": "North West",
        "Leeds": "Yorkshire and the Humber",
        "Norfolk": "East of England",
        "Kent": "South East",
        "Bristol": "South West",
    }.items() <= services.items()
    assert len(services) >= 15
    assert set(services.values()) == set(regions.values())
    assert sorted(theme.name for theme in seeded.all(Theme)) == [
        "Advocacy and evidence: Evaluation",
        "Transformation: Communications and engagement",
        "Transformation: Partnerships",
    ]


def test_the_cast_has_staff_experts_and_peers_across_the_country(seeded: Seeded) -> None:
    people = seeded.all(Person)
    regions = {s.id: s.region_id for s in seeded.all(LibraryService)}
    experts = [p for p in people if p.has(Role.EXPERT)]
    peers = [p for p in people if p.has(Role.PEER)]

    assert all(person.is_active for person in people)
    assert len([p for p in people if p.has(Role.PROGRAMME_STAFF)]) >= 2
    assert any(p.has(Role.AUDITOR) for p in people)
    assert len(experts) >= 6
    assert len(peers) >= 10
    assert len({p.service_id for p in peers}) == len(peers)
    assert len({regions[p.service_id] for p in peers if p.service_id}) >= 8
    assert len([p for p in peers if p.peer_cap_minutes]) >= 2
    assert any(p.peer_requires_confirmation for p in peers)
    for name in ["Worcestershire", "Haringey", "Leicestershire"]:
        service = seeded.named(LibraryService, name)
        assert any(p.has(Role.SERVICE_STAFF) and p.service_id == service.id for p in people)


def test_an_experts_change_of_themes_waits_for_programme_staff(seeded: Seeded) -> None:
    waiting = [p for p in seeded.all(Person) if p.themes_asked is not None]
    james = seeded.bank.people.find_by_email(member(THEME_CHANGE_ASKED_BY).email)

    assert james is not None
    assert [p.id for p in waiting] == [james]
    assert len(waiting[0].themes_asked or []) == len(waiting[0].theme_ids) + 1


def test_requests_are_in_every_state(seeded: Seeded) -> None:
    requests = seeded.all(ExpressionOfInterest)

    assert {r.state for r in requests} == {state.value for state in RequestState}
    assert all(r.reason for r in requests if r.state in ("declined", "closed"))
    haringey = seeded.named(LibraryService, "Haringey")
    declined = next(r for r in requests if r.service_id == haringey.id)
    assert declined.state == "declined"
    assert seeded.bank.registry.theme(declined.theme_id).name == (
        "Transformation: Communications and engagement"
    )


def test_worcestershire_follows_scenario_one(seeded: Seeded) -> None:
    worcestershire = seeded.named(LibraryService, "Worcestershire")
    engagement = next(e for e in seeded.all(Engagement) if e.service_id == worcestershire.id)
    bookings = [b for b in seeded.all(Booking) if b.engagement_id == engagement.id]

    assert seeded.bank.registry.theme(engagement.theme_id).name == (
        "Advocacy and evidence: Evaluation"
    )
    assert (engagement.allowance_minutes, engagement.state) == (8 * 60, "active")
    assert engagement.used_minutes == sum(b.minutes for b in bookings if b.outcome == "held")
    assert engagement.booked_minutes == engagement.used_minutes + 90  # one still to record
    assert {b.minutes for b in bookings} == {90}
    assert any(b.status == "cancelled" and b.cancelled_by_side == "service" for b in bookings)
    moved = [b for b in bookings if b.status == "confirmed" and b.sequence == 1]
    assert moved and moved[0].outcome == "held"
    assert [b.rating is None for b in bookings if b.outcome == "held"].count(True) == 1
    assert any(r.engagement_id == engagement.id for r in seeded.all(Resource))


def test_bookings_and_sessions_in_every_state(seeded: Seeded) -> None:
    bookings = seeded.all(Booking)
    now = seeded.now

    assert {"held", "confirmed", "cancelled", "lapsed"} <= {b.status for b in bookings}
    assert {b.cancelled_by_side for b in bookings if b.status == "cancelled"} == {
        "service",
        "provider",
    }
    assert all(b.reason for b in bookings if b.status == "cancelled")
    assert any(b.status == "held" and b.hold_until and b.hold_until > now for b in bookings)
    assert any(b.sequence and b.status == "confirmed" and b.start > now for b in bookings)
    assert len([b for b in bookings if b.status == "confirmed" and b.start > now]) >= 8
    group = [b for b in bookings if b.seats > 1 and b.status == "confirmed"]
    assert 2 <= len(group) < group[0].seats
    held = [b for b in bookings if b.outcome == "held"]
    assert len(held) >= 12
    assert len([b for b in held if b.rating]) >= 12
    assert any(b.outcome == "no_show" for b in bookings)
    assert all(b.start < now for b in bookings if b.outcome)
    assert len([r for r in seeded.all(Resource) if r.status == "published"]) >= 3


def test_every_provider_has_free_time_in_the_next_eight_weeks(seeded: Seeded) -> None:
    windows = [w for w in seeded.all(AvailabilityWindow) if w.is_published]
    providers = [p.id for p in seeded.all(Person) if p.is_provider]
    horizon = seeded.now + timedelta(weeks=8)

    def free_soon(provider: UUID) -> bool:
        return any(
            start < horizon
            for window in windows
            if window.provider_id == provider
            for start in seeded.bank.bookings.next_free(window, seeded.now, seeded.now)
        )

    assert [p for p in providers if not free_soon(p)] == []
    assert {"weekly", "one_off"} == {w.spec.kind for w in windows}
    assert any(w.spec.seats > 1 for w in windows)


def test_personal_details_stay_out_of_the_events(seeded: Seeded) -> None:
    notifications = seeded.bank.store.recorder.select_notifications(start=1, limit=1_000_000)
    stored = b"\n".join(n.state for n in notifications)

    assert seeded.bank.people.person(seeded.all(Person)[0].id).name
    for person in CAST:
        assert person.name.encode() not in stored
        assert person.email.encode() not in stored


def test_demo_people_sign_in_with_the_printed_password(seeded: Seeded) -> None:
    result = CliRunner().invoke(main, ["demo"], env=seeded.env())

    assert result.exit_code == 0, result.output
    assert "already" in result.output
    assert DEMO_PASSWORD in result.output
    for key in SIGN_INS:
        email = member(key).email
        assert email in result.output
        assert seeded.bank.people.authenticate(email, DEMO_PASSWORD) is not None
    assert seeded.bank.people.authenticate(member("helen").email, "not-the-password") is None
    assert seeded.bank.head_position() == seeded.first.events


def test_demo_leaves_a_store_with_other_data_alone(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    bank = bootstrap(settings, ManualClock(datetime(2027, 3, 1, 9, tzinfo=UTC)))
    bank.registry.add_region(SYSTEM_ACTOR, code="london", name="London")
    env = {"EXPERTBANK_DATA_DIR": str(settings.data_dir), "EXPERTBANK_DATABASE_URL": ""}

    refused = CliRunner().invoke(main, ["demo"], env=env)
    tolerated = CliRunner().invoke(main, ["demo", "--if-empty"], env=env)

    assert refused.exit_code == 1
    assert "not the demo" in refused.output
    assert tolerated.exit_code == 0
    assert "not the demo" in tolerated.output
    assert DEMO_PASSWORD not in tolerated.output
    assert bank.head_position() == 1
    bank.close()


def test_demo_says_when_an_earlier_run_stopped_part_way(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    bank = bootstrap(settings, ManualClock(datetime(2027, 3, 1, 9, tzinfo=UTC)))
    helen = member("helen")
    bank.people.invite(SYSTEM_ACTOR, name=helen.name, email=helen.email, roles=helen.roles)

    result = CliRunner().invoke(
        main,
        ["demo", "--if-empty"],
        env={"EXPERTBANK_DATA_DIR": str(settings.data_dir), "EXPERTBANK_DATABASE_URL": ""},
    )

    assert result.exit_code == 1
    assert "stopped part-way" in result.output
    assert bank.head_position() == 1
    bank.close()


def test_the_readme_lists_the_printed_sign_ins() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()

    assert f"`{DEMO_PASSWORD}`" in readme
    for key in SIGN_INS:
        assert member(key).email in readme

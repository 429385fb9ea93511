"""Make a programme's worth of events fast: N providers with weekly availability over W
weeks, and bookings of a share of their slots.

Speed comes from building the aggregates with the domain's own methods (so every event
is one a command could have recorded, rules checked by the same aggregates) and saving
thousands of them per transaction, rather than running one command per booking. One
provider is done at a time, so memory stays flat.

    python -m bench.generate --data-dir /tmp/eb --providers 2000 --weeks 26 --fill 0.53
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.availability import AvailabilityWindow, WindowSpec
from domain.bookings import Booking, Outcome, Side
from domain.diary import ProviderDiary, group_key
from domain.engagements import Engagement
from domain.errors import RuleViolation
from domain.ids import SYSTEM_ACTOR
from domain.peer_month import PeerMonth
from domain.people import Person
from domain.registry import LibraryService, Region, Theme
from domain.requests import ExpressionOfInterest
from domain.time import TimeRange, london_date, month_key
from domain.time_off import TimeOff
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
PAST_WEEKS = 4
REGIONS = 9
SERVICES_PER_REGION = 17
THEMES = 6
SAVE_EVERY = 4000


@dataclass
class Programme:
    """Ids made so far, for the search benchmark and tests to aim at."""

    regions: list[UUID] = field(default_factory=list)
    services: list[UUID] = field(default_factory=list)
    service_region: dict[UUID, UUID] = field(default_factory=dict)
    themes: list[UUID] = field(default_factory=list)
    staff: dict[UUID, UUID] = field(default_factory=dict)
    manager: UUID = SYSTEM_ACTOR
    providers: list[UUID] = field(default_factory=list)
    bookings: int = 0


class Saver:
    """Collects changed aggregates and saves them in large atomic batches."""

    def __init__(self, bank: ExpertBank) -> None:
        self.bank = bank
        self.pending: dict[UUID, Aggregate] = {}
        self.events = 0

    def add(self, *aggregates: Aggregate) -> None:
        for aggregate in aggregates:
            self.pending[aggregate.id] = aggregate

    def flush_if_full(self) -> None:
        if sum(len(a.pending_events) for a in self.pending.values()) >= SAVE_EVERY:
            self.flush()

    def flush(self) -> None:
        changed = [a for a in self.pending.values() if a.pending_events]
        self.events += sum(len(a.pending_events) for a in changed)
        if changed:
            self.bank.store.save(*changed)
        self.pending.clear()


def generate(
    bank: ExpertBank, *, providers: int, weeks: int, fill: float, seed: int = 7
) -> Programme:
    rng = random.Random(seed)
    saver = Saver(bank)
    programme = Programme()
    _registry(bank, saver, programme)
    for number in range(providers):
        _provider(bank, saver, programme, rng, number, weeks, fill)
        saver.flush_if_full()
    saver.flush()
    return programme


def _registry(bank: ExpertBank, saver: Saver, p: Programme) -> None:
    at = NOW - timedelta(weeks=PAST_WEEKS + 2)
    for r in range(REGIONS):
        region = Region.register(actor=SYSTEM_ACTOR, at=at, code=f"region-{r}", name=f"Region {r}")
        saver.add(region)
        p.regions.append(region.id)
        for s in range(SERVICES_PER_REGION):
            service = LibraryService.register(
                actor=SYSTEM_ACTOR,
                at=at,
                code=f"service-{r}-{s}",
                name=f"Library Service {r}-{s}",
                region_id=region.id,
            )
            saver.add(service)
            p.services.append(service.id)
            p.service_region[service.id] = region.id
    for t in range(THEMES):
        theme = Theme.add(actor=SYSTEM_ACTOR, at=at, code=f"theme-{t}", name=f"Theme {t}")
        saver.add(theme)
        p.themes.append(theme.id)
    p.manager = _person(bank, saver, at, "manager", ["programme_staff"], None, [])
    for service_id in p.services:
        p.staff[service_id] = _person(
            bank, saver, at, f"staff-{service_id}", ["service_staff"], service_id, []
        )
    saver.flush()


def _person(
    bank: ExpertBank,
    saver: Saver,
    at: datetime,
    key: str,
    roles: list[str],
    service_id: UUID | None,
    themes: list[UUID],
    cap_minutes: int | None = None,
) -> UUID:
    person = Person.invite(
        actor=SYSTEM_ACTOR, at=at, roles=roles, service_id=service_id, theme_ids=themes
    )
    person.activate(actor=person.id, at=at)
    if cap_minutes is not None:
        person.set_peer_settings(
            actor=person.id, at=at, cap_minutes=cap_minutes, requires_confirmation=False
        )
    bank.ctx.directory.add(person.id, name=f"Person {key}", email=f"{key}@example.org")
    saver.add(person)
    return person.id


def _provider(
    bank: ExpertBank,
    saver: Saver,
    p: Programme,
    rng: random.Random,
    number: int,
    weeks: int,
    fill: float,
) -> None:
    is_peer = number % 2 == 1
    home = rng.choice(p.services) if is_peer else None
    themes = rng.sample(p.themes, 2 if rng.random() < 0.3 else 1)
    cap = rng.choice([None, None, 10 * 60, 20 * 60]) if is_peer else None
    start_day = london_date(NOW) - timedelta(weeks=PAST_WEEKS)
    published = NOW - timedelta(weeks=PAST_WEEKS + 1)
    provider_id = _person(
        bank,
        saver,
        published,
        f"provider-{number}",
        ["peer" if is_peer else "expert"],
        home,
        themes,
        cap,
    )
    p.providers.append(provider_id)
    windows = []
    for weekday in rng.sample(range(5), rng.choice([2, 3])):
        morning = rng.random() < 0.5
        session = rng.choice([45, 60, 90])
        group = is_peer and rng.random() < 0.08
        spec = WindowSpec.weekly(
            weekday=weekday,
            start_time="09:00" if morning else "13:00",
            end_time="12:30" if morning else "17:00",
            first_date=start_day,
            last_date=start_day + timedelta(weeks=PAST_WEEKS + weeks),
            session_minutes=session,
            buffer_minutes=15,
            notice_minutes=2 * 24 * 60,
            horizon_days=7 * weeks + 7,
            theme_ids=themes,
            mode="online" if rng.random() < 0.7 else "in_person",
            location="https://meet.example.org/room" if morning else "Central Library",
            seats=6 if group else 1,
        )
        window = AvailabilityWindow.publish(
            actor=provider_id, at=published, provider_id=provider_id, spec=spec
        )
        saver.add(window)
        windows.append(window)
    if rng.random() < 0.1:
        first = london_date(NOW) + timedelta(days=rng.randrange(7, 7 * weeks))
        saver.add(
            TimeOff.add(
                actor=provider_id,
                at=published,
                provider_id=provider_id,
                first_day=first,
                last_day=first + timedelta(days=rng.randrange(0, 5)),
                note="",
                bookings_kept=[],
            )
        )
    _book(bank, saver, p, rng, provider_id, is_peer, home, cap, windows, weeks, fill)


@dataclass
class _Ledger:
    """What one provider's bookings draw on: diaries, months or engagements."""

    diaries: dict[date, ProviderDiary] = field(default_factory=dict)
    months: dict[str, PeerMonth] = field(default_factory=dict)
    engagements: list[Engagement] = field(default_factory=list)


def _book(
    bank: ExpertBank,
    saver: Saver,
    p: Programme,
    rng: random.Random,
    provider_id: UUID,
    is_peer: bool,
    home: UUID | None,
    cap: int | None,
    windows: list[AvailabilityWindow],
    weeks: int,
    fill: float,
) -> None:
    ledger = _Ledger()
    begin = NOW - timedelta(weeks=PAST_WEEKS)
    end = NOW + timedelta(weeks=weeks)
    slots = [(w, s) for w in windows for s in w.spec.slots(begin, end)]
    rng.shuffle(slots)
    chosen = slots[: int(len(slots) * fill)]
    spare = slots[int(len(slots) * fill) :]
    chosen.sort(key=lambda ws: ws[1].start)
    for window, slot in chosen:
        seats = window.spec.seats if window.spec.is_group else 1
        for _ in range(rng.randint(2, seats) if seats > 1 else 1):
            service = rng.choice(p.services)
            if service == home:
                service = p.services[p.services.index(service) - 1]
            past = slot.start <= NOW
            at = (
                slot.start - timedelta(days=rng.randint(3, 14))
                if past
                else NOW - timedelta(hours=rng.randint(1, 500))
            )
            booking = _one_booking(
                saver, p, rng, ledger, provider_id, is_peer, cap, window, slot, service, at
            )
            if booking is None:
                continue
            p.bookings += 1
            _afterwards(saver, p, rng, ledger, booking, spare, past)


def _one_booking(
    saver: Saver,
    p: Programme,
    rng: random.Random,
    ledger: _Ledger,
    provider_id: UUID,
    is_peer: bool,
    cap: int | None,
    window: AvailabilityWindow,
    slot: TimeRange,
    service: UUID,
    at: datetime,
) -> Booking | None:
    engagement = None
    if not is_peer:
        engagement = _engagement(saver, p, rng, ledger, provider_id, window, slot, at)
        service = engagement.service_id
    booking = Booking.book(
        booking_id=uuid4(),
        actor=p.staff[service],
        at=at,
        service_id=service,
        provider_id=provider_id,
        window_id=window.id,
        spec=window.spec,
        slot=slot,
        theme_id=engagement.theme_id if engagement else window.spec.theme_ids[0],
        engagement_id=engagement.id if engagement else None,
        cover="",
        hold_until=None,
    )
    try:
        _reserve(saver, ledger, booking, provider_id, cap, at)
    except RuleViolation:
        return None
    saver.add(booking)
    return booking


def _reserve(
    saver: Saver,
    ledger: _Ledger,
    booking: Booking,
    provider_id: UUID,
    cap: int | None,
    at: datetime,
) -> None:
    """Draw on the allowance or cap first (they refuse before recording anything), then
    put the booking in the provider's diaries, as the booking command does."""
    if booking.engagement_id is not None:
        engagement = next(e for e in ledger.engagements if e.id == booking.engagement_id)
        engagement.reserve(
            actor=booking.booked_by,
            at=at,
            booking_id=booking.id,
            minutes=booking.minutes,
            start=booking.start,
        )
        saver.add(engagement)
    else:
        month = _month(ledger, saver, provider_id, booking.start, at)
        key = group_key(booking.window_id, booking.start) if booking.seats > 1 else str(booking.id)
        month.reserve(
            actor=booking.booked_by,
            at=at,
            booking_id=booking.id,
            key=key,
            minutes=booking.minutes,
            cap_minutes=cap,
        )
    for day in booking.span_with_buffer().london_dates():
        diary = ledger.diaries.get(day)
        if diary is None:
            diary = ledger.diaries[day] = ProviderDiary.open(
                actor=SYSTEM_ACTOR, at=at, provider_id=provider_id, day=day
            )
        diary.reserve(
            actor=booking.booked_by,
            at=at,
            booking_id=booking.id,
            window_id=booking.window_id,
            slot=booking.slot,
            buffer_minutes=booking.buffer_minutes,
            seats=booking.seats,
            hold_until=None,
        )
        saver.add(diary)


def _month(
    ledger: _Ledger, saver: Saver, provider_id: UUID, start: datetime, at: datetime
) -> PeerMonth:
    key = month_key(start)
    month = ledger.months.get(key)
    if month is None:
        month = ledger.months[key] = PeerMonth.open(
            actor=SYSTEM_ACTOR, at=at, provider_id=provider_id, month=key
        )
    saver.add(month)
    return month


def _engagement(
    saver: Saver,
    p: Programme,
    rng: random.Random,
    ledger: _Ledger,
    expert_id: UUID,
    window: AvailabilityWindow,
    slot: TimeRange,
    at: datetime,
) -> Engagement:
    for engagement in ledger.engagements:
        if engagement.minutes_left >= slot.minutes:
            return engagement
    service = rng.choice(p.services)
    theme = window.spec.theme_ids[0]
    opened = NOW - timedelta(weeks=PAST_WEEKS + 1, days=rng.randint(1, 20))
    request = ExpressionOfInterest.submit(
        actor=p.staff[service],
        at=opened,
        service_id=service,
        theme_id=theme,
        need="Help us evaluate our offer",
        outcomes="A plan and a toolkit",
        preferred_from=None,
        preferred_to=None,
        hours_hoped=40,
    )
    request.shortlist(actor=p.manager, at=opened)
    request.approve(actor=p.manager, at=opened)
    engagement = Engagement.commission(
        actor=p.manager,
        at=opened,
        request_id=request.id,
        service_id=service,
        expert_id=expert_id,
        theme_id=theme,
        allowance_minutes=60 * 60,
        starts_on=london_date(opened),
        ends_on=london_date(NOW) + timedelta(weeks=60),
    )
    request.mark_matched(
        actor=p.manager, at=opened, engagement_id=engagement.id, expert_id=expert_id
    )
    ledger.engagements.append(engagement)
    saver.add(request, engagement)
    return engagement


def _afterwards(
    saver: Saver,
    p: Programme,
    rng: random.Random,
    ledger: _Ledger,
    booking: Booking,
    spare: list[tuple[AvailabilityWindow, TimeRange]],
    past: bool,
) -> None:
    """What happens to a share of bookings next: held sessions with feedback, no-shows,
    cancellations and moves."""
    roll = rng.random()
    if past:
        outcome = Outcome.NO_SHOW if roll < 0.05 else Outcome.HELD
        at = booking.end + timedelta(hours=2)
        booking.record_session(
            actor=booking.provider_id, at=at, outcome=outcome, notes="", outcomes="", actions=""
        )
        if outcome == Outcome.HELD and booking.engagement_id is not None:
            engagement = next(e for e in ledger.engagements if e.id == booking.engagement_id)
            engagement.record_use(
                actor=booking.provider_id, at=at, booking_id=booking.id, minutes=booking.minutes
            )
        if outcome == Outcome.HELD and rng.random() < 0.6:
            booking.give_feedback(
                actor=booking.booked_by, at=at, rating=rng.randint(3, 5), comment=""
            )
        return
    if roll < 0.08:
        booking.cancel(actor=booking.booked_by, at=NOW, side=Side.SERVICE, reason="staff illness")
        _release(ledger, booking, NOW)


def _release(ledger: _Ledger, booking: Booking, at: datetime) -> None:
    for day in booking.span_with_buffer().london_dates():
        ledger.diaries[day].release(actor=booking.booked_by, at=at, booking_id=booking.id)
    if booking.engagement_id is not None:
        engagement = next(e for e in ledger.engagements if e.id == booking.engagement_id)
        engagement.release(actor=booking.booked_by, at=at, booking_id=booking.id)
    else:
        ledger.months[month_key(booking.start)].release(
            actor=booking.booked_by, at=at, booking_id=booking.id
        )


def open_bank(data_dir: Path, database_url: str = "") -> ExpertBank:
    return bootstrap(Settings(data_dir=data_dir, database_url=database_url), ManualClock(NOW))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--providers", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--fill", type=float, default=0.6)
    args = parser.parse_args(argv)
    bank = open_bank(args.data_dir, args.database_url)
    started = time.perf_counter()
    programme = generate(bank, providers=args.providers, weeks=args.weeks, fill=args.fill)
    took = time.perf_counter() - started
    events = bank.head_position()
    print(
        f"generated {events:,} events ({programme.bookings:,} bookings, "
        f"{len(programme.providers):,} providers, {args.weeks} weeks) in {took:.1f} s "
        f"= {events / took:,.0f} events/s"
    )
    bank.close()


if __name__ == "__main__":
    main()

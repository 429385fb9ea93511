"""What the service-level calendar tests share: a provider with an engagement to book,
and calendars served from the test server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from domain.ids import SYSTEM_ACTOR
from domain.time import LONDON
from projections.read_models import ReadModels
from service.application import ExpertBank
from tests.calendars.ics import calendar, event
from tests.calendars.server import CalendarServer, Served
from tests.world import World

TUESDAY = date(2027, 3, 2)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def meeting(uid: str, start: datetime, end: datetime, *lines: str) -> str:
    """A busy event, its times written in UTC as Google and Outlook publish them."""
    return event(uid, f"DTSTART:{_utc(start)}", f"DTEND:{_utc(end)}", *lines)


def busy_at(*spans: tuple[datetime, datetime], extra: tuple[str, ...] = ()) -> bytes:
    """A calendar busy at these times (and with any ``extra`` events)."""
    return calendar(*(meeting(f"m{i}", *span) for i, span in enumerate(spans)), *extra)


def _utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass
class Diary:
    """An expert with Tuesday morning availability (09:00, 10:00 and 11:00, 45 minutes with
    a 15-minute buffer), an engagement Worcestershire can book, and their calendar."""

    bank: ExpertBank
    world: World
    server: CalendarServer
    window: UUID
    engagement: UUID
    path: str = "/sarah/secret-token-3f9a.ics"

    @property
    def expert(self) -> UUID:
        return self.world.evaluator

    @property
    def address(self) -> str:
        return self.server.url(self.path)

    def serve(self, text: bytes, etag: str | None = None, **others: object) -> None:
        self.server.files[self.path] = Served(text, etag=etag, **others)  # type: ignore[arg-type]

    def connect(self, label: str = "Work calendar") -> UUID:
        return self.bank.own_calendars.connect(
            self.expert, self.expert, kind="ical", label=label, address=self.address
        )

    def book(self, start: datetime) -> UUID:
        return self.bank.bookings.book(
            self.world.worcs_head,
            service_id=self.world.worcestershire,
            provider_id=self.expert,
            window_id=self.window,
            start=start,
            engagement_id=self.engagement,
        )

    @property
    def views(self) -> ReadModels:
        """The read models, with every event stored so far applied."""
        self.bank.read_models.sync()
        return self.bank.read_models

    def free_on(self, day: date) -> list[datetime]:
        self.bank.read_models.sync()
        page = self.bank.read_models.availability.search(
            provider_id=self.expert, first_day=day, last_day=day
        )
        return [slot.start.astimezone(LONDON) for slot in page.slots]

    def mail(self, kind: str) -> list[str]:
        self.bank.mail.update()
        return [m.subject for m in self.bank.mail.messages(SYSTEM_ACTOR) if m.kind == kind]


def diary(bank: ExpertBank, world: World, server: CalendarServer) -> Diary:
    window = world.window(world.evaluator, theme_ids=[world.evaluation])
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation, hours=20)
    return Diary(bank, world, server, window, engagement)

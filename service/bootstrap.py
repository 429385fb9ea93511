"""Wiring in one place: the web app, the CLI, the worker and the tests all start here."""

from __future__ import annotations

from projections.calendar import CalendarView
from projections.outbox import OutboxProjection
from projections.runner import ProjectionRunner
from projections.worklists import Worklists
from service.availability import Availability
from service.bookings import Bookings
from service.calendars.details import Namer
from service.calendars.feeds import CalendarFeeds
from service.clock import Clock, SystemClock
from service.context import Context
from service.database import Database
from service.directory import Directory
from service.mail.desk import MailDesk
from service.mail.settings import MailSettings
from service.notices import Notices
from service.people import People
from service.registry import Registry
from service.requests import Requests
from service.sessions import Sessions
from service.settings import Settings
from service.store import EventStore


class ExpertBank:
    """The application: one event store, and the commands and queries grouped by area."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.store = EventStore(env=settings.eventsourcing_env())
        self.database = Database.of(self.store.recorder)
        self.ctx = Context(self.store, Directory(self.database), clock, settings)
        self.registry = Registry(self.ctx)
        self.people = People(self.ctx, self.registry)
        self.requests = Requests(self.ctx, self.registry)
        self.availability = Availability(self.ctx, self.registry)
        self.bookings = Bookings(self.ctx)
        self.sessions = Sessions(self.ctx, self.registry)
        self.notices = Notices(self.ctx)
        self.views = views_database(settings, self.database)
        mail_settings = MailSettings.from_settings(settings)
        self.projections = ProjectionRunner(
            self.store,
            self.views,
            [CalendarView(), Worklists(), OutboxProjection(Namer(self.ctx), mail_settings, clock)],
        )
        self.mail = MailDesk(self.ctx, self.views, mail_settings, clock)
        self.calendars = CalendarFeeds(self.ctx, self.database, self.views, mail_settings.base_url)

    def head_position(self) -> int:
        """The notification id of the newest stored event (0 when empty)."""
        return self.store.recorder.max_notification_id() or 0

    def close(self) -> None:
        if self.views is not self.database:
            self.views.close()
        self.store.close()


def views_database(settings: Settings, events: Database) -> Database:
    """Read models: a file of their own beside SQLite's events (so rebuilding them never
    holds up bookings); the events' own database on PostgreSQL."""
    if settings.uses_postgres:
        return events
    return Database.sqlite_file(str(settings.data_dir / "views.sqlite"))


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> ExpertBank:
    """Build the application from the environment, with any part replaced."""
    return ExpertBank(settings or Settings.from_env(), clock or SystemClock())

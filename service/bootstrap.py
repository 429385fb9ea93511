"""Wiring in one place: the web app, the CLI, the worker and the tests all start here."""

from __future__ import annotations

import functools
import threading

from projections.views import Views
from service.availability import Availability
from service.bookings import Bookings
from service.calendars.feeds import CalendarFeeds
from service.clock import Clock, SystemClock
from service.context import Context
from service.database import Database
from service.directory import Directory
from service.mail.desk import MailDesk
from service.mail.settings import MailSettings
from service.mail.signup import SignUpMail
from service.notices import Notices
from service.oversight import Oversight
from service.people import People
from service.registry import Registry
from service.requests import Requests
from service.sessions import Sessions
from service.settings import Settings
from service.store import EventStore, creating_tables


class ExpertBank:
    """The application: one event store, and the commands and queries grouped by area."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.mail_settings = MailSettings.from_settings(settings)
        with creating_tables(settings):
            self.store = EventStore(env=settings.eventsourcing_env())
            self.database = Database.of(self.store.recorder)
            directory = Directory(self.database)
        self.ctx = Context(self.store, directory, clock, settings)
        self.registry = Registry(self.ctx)
        self.people = People(
            self.ctx, self.registry, SignUpMail(self.mail_settings, self.ctx.directory)
        )
        self.requests = Requests(self.ctx, self.registry)
        self.availability = Availability(self.ctx, self.registry)
        self.bookings = Bookings(self.ctx)
        self.sessions = Sessions(self.ctx, self.registry)
        self.notices = Notices(self.ctx)
        self._views: Views | None = None
        self._views_lock = threading.Lock()

    @property
    def views(self) -> Views:
        """The read models and their queries, opened on first use (see ``projections``)."""
        with self._views_lock:
            if self._views is None:
                self._views = self._open_views()
            return self._views

    def _open_views(self) -> Views:
        if self.settings.uses_postgres:
            database = self.database
        else:
            database = Database.sqlite_file(str(self.settings.views_path))
        return Views(
            self.store,
            database,
            self.ctx.directory,
            self.clock,
            inline=self.settings.views_inline,
        )

    @functools.cached_property
    def mail(self) -> MailDesk:
        """The outbox (on the views database) and its sender."""
        return MailDesk(self.ctx, self.views.database, self.mail_settings, self.clock)

    @functools.cached_property
    def calendars(self) -> CalendarFeeds:
        """Personal calendar feeds, read from the views."""
        return CalendarFeeds(
            self.ctx, self.database, self.views.calendar, self.mail_settings.base_url
        )

    @functools.cached_property
    def oversight(self) -> Oversight:
        """Figures, regional dashboards and people's records, read from the views."""
        return Oversight(self.ctx, self.views)

    def head_position(self) -> int:
        """The notification id of the newest stored event (0 when empty)."""
        return self.store.recorder.max_notification_id() or 0

    def close(self) -> None:
        if self._views is not None and self._views.database is not self.database:
            self._views.database.close()
        self.store.close()


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> ExpertBank:
    """Build the application from the environment, with any part replaced."""
    return ExpertBank(settings or Settings.from_env(), clock or SystemClock())

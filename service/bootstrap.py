"""Wiring in one place: the web app, the CLI, the worker and the tests all start here."""

from __future__ import annotations

from service.availability import Availability
from service.bookings import Bookings
from service.clock import Clock, SystemClock
from service.context import Context
from service.database import Database
from service.directory import Directory
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
        with creating_tables(settings):
            self.store = EventStore(env=settings.eventsourcing_env())
            self.database = Database.of(self.store.recorder)
            directory = Directory(self.database)
        self.ctx = Context(self.store, directory, clock, settings)
        self.registry = Registry(self.ctx)
        self.people = People(self.ctx, self.registry)
        self.requests = Requests(self.ctx, self.registry)
        self.availability = Availability(self.ctx, self.registry)
        self.bookings = Bookings(self.ctx)
        self.sessions = Sessions(self.ctx, self.registry)

    def head_position(self) -> int:
        """The notification id of the newest stored event (0 when empty)."""
        return self.store.recorder.max_notification_id() or 0

    def close(self) -> None:
        self.store.close()


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> ExpertBank:
    """Build the application from the environment, with any part replaced."""
    return ExpertBank(settings or Settings.from_env(), clock or SystemClock())

"""The read side in one object: the runner that keeps the views current, and the queries
the web app, the CLI and the worker read them through (``bank.read_models``)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from infrastructure.clock import Clock
from infrastructure.database import Database
from infrastructure.directory import Directory
from infrastructure.event_store import EventStore
from projections.audit_chain import AuditChainProjection
from projections.audit_verify import AuditLog
from projections.availability import AvailabilityProjection
from projections.availability_read import WindowQueries
from projections.availability_search import AvailabilitySearch
from projections.bookings import BookingsProjection
from projections.bookings_read import BookingQueries, CalendarQueries
from projections.busy import BusyTimes
from projections.calendars import CalendarsProjection, OwnCalendarQueries
from projections.history import HistoryProjection
from projections.history_read import HistoryQueries
from projections.people_read import PeopleQueries
from projections.registry import Reference, RegistryProjection
from projections.registry_read import RegistryQueries
from projections.requests import RequestsProjection
from projections.requests_read import RequestQueries
from projections.resources import ResourceQueries, ResourcesProjection
from projections.runner import Projection, ProjectionRunner
from projections.stats import StatsQueries
from projections.subjects import SubjectSearch
from projections.worklists import WorklistQueries


def every_projection() -> list[Projection]:
    """Every view this package keeps, in a fresh instance each."""
    return [
        RegistryProjection(),
        AvailabilityProjection(),
        BookingsProjection(),
        RequestsProjection(),
        HistoryProjection(),
        ResourcesProjection(),
        CalendarsProjection(),
        AuditChainProjection(),
    ]


class ReadModels:
    """Queries read only view rows; names of people come from the directory at read time.

    ``inline`` (the embedded default): ``sync`` applies new events in the calling process.
    Otherwise a worker process applies them (``follow``) and ``sync`` waits for it.
    """

    def __init__(
        self,
        store: EventStore,
        database: Database,
        directory: Directory,
        clock: Clock,
        *,
        inline: bool,
        extra: Sequence[Projection] = (),
    ) -> None:
        self.database = database
        self.inline = inline
        self.runner = ProjectionRunner(store, database, [*every_projection(), *extra])
        reference = Reference(database, lambda ids: _names(directory, ids), store.texts.resolve)
        self.reference = reference
        self.registry = RegistryQueries(database, reference)
        self.people = PeopleQueries(database, directory)
        self.windows = WindowQueries(database)
        self.busy = BusyTimes(database)
        self.own_calendars = OwnCalendarQueries(database)
        self.resources = ResourceQueries(database, reference)
        self.availability = AvailabilitySearch(database, self.busy, clock, reference.people_names)
        self.bookings = BookingQueries(database, reference, clock)
        self.calendar = CalendarQueries(database, reference)
        self.requests = RequestQueries(database, reference, clock)
        self.history = HistoryQueries(database, reference)
        self.stats = StatsQueries(database, reference)
        self.worklists = WorklistQueries(database)
        self.subjects = SubjectSearch(database, reference, self.people)
        self.audit = AuditLog(store, database, clock)

    def sync(self, position: int | None = None, timeout: float = 5.0) -> bool:
        """Make the views show every event up to ``position`` (default: all stored now)
        before a page is rendered: inline, by applying them here; otherwise by waiting at
        most ``timeout`` seconds for the worker. False if the worker did not get there."""
        if self.inline:
            self.runner.catch_up()
            return True
        return self.runner.wait_for(self.runner.head() if position is None else position, timeout)


def _names(directory: Directory, ids: list[UUID]) -> dict[UUID, str]:
    return {person_id: details.name for person_id, details in directory.many(ids).items()}

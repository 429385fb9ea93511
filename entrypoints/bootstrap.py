"""The composition root: the store, the read models and the application, built from the
settings in one place. The web app's server, the CLI, the worker and the tests start here.
Nothing is built at import time."""

from __future__ import annotations

from infrastructure.clock import Clock, SystemClock
from infrastructure.database import Database
from infrastructure.directory import Directory
from infrastructure.event_store import EventStore, creating_tables
from infrastructure.settings import Settings
from infrastructure.sign_in_failures import Throttles
from infrastructure.sign_ins import Limits, SignIns
from projections.read_models import ReadModels
from service.application import ExpertBank
from service.context import Context
from service.invitations import InvitationLinks


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> ExpertBank:
    """Build the application from the environment, with any part replaced."""
    settings = settings or Settings.from_env()
    clock = clock or SystemClock()
    with creating_tables(settings):
        store = EventStore(env=settings.eventsourcing_env())
        database = Database.of(store.recorder)
        directory = Directory(database)
        invitations = InvitationLinks(database)
        sign_ins = SignIns(
            database, Limits.from_settings(settings), Throttles.from_settings(settings)
        )

    def open_read_models() -> ReadModels:
        """On PostgreSQL beside the events; on SQLite in a file of their own, so that
        applying events to them never waits for the events' single writer."""
        if settings.uses_postgres:
            views = database
        else:
            views = Database.sqlite_file(str(settings.views_path))
        return ReadModels(store, views, directory, clock, inline=settings.views_inline)

    ctx = Context(store, directory, invitations, sign_ins, clock, settings)
    return ExpertBank(ctx, database, open_read_models)

"""The application: the commands and queries of each area of work, over one event store and
the read models built from it. ``entrypoints.bootstrap`` builds it from the settings."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

from infrastructure.api_tokens import ApiTokenTable
from infrastructure.calendar_access import CalendarAccess, load_keys
from infrastructure.calendar_http import Fetcher, FetchRules
from infrastructure.calendar_settings import CalendarSettings
from infrastructure.clock import Clock
from infrastructure.database import Database
from infrastructure.event_store import EventStore
from infrastructure.idempotency import IdempotencyKeys
from infrastructure.settings import Settings, whole_number
from infrastructure.texts import empty_log
from projections.read_models import ReadModels
from service.accounts import Accounts
from service.api_tokens import ApiTokens
from service.availability import Availability
from service.bookings import Bookings
from service.calendars.feeds import CalendarFeeds
from service.calendars.own import OwnCalendars
from service.calendars.reading import CalendarReader
from service.context import Context
from service.extracts import Extracts
from service.idempotency import IdempotentWrites
from service.mail.desk import MailDesk
from service.mail.settings import MailSettings
from service.mail.signup import SignUpMail
from service.matching import Matching
from service.notices import Notices
from service.oversight import Oversight
from service.people import People
from service.registry import Registry
from service.requests import Requests
from service.sessions import Sessions
from service.texts import FreeTexts

RATE_SETTING = "EXPERTBANK_API_REQUESTS_PER_MINUTE"


class ExpertBank:
    """Commands and queries grouped by area (``bank.bookings.book``...), and the read models
    (``bank.read_models``), opened on first use."""

    def __init__(
        self, ctx: Context, database: Database, open_read_models: Callable[[], ReadModels]
    ) -> None:
        self.ctx = ctx
        self.database = database
        self._open_read_models = open_read_models
        self._read_models: ReadModels | None = None
        self._read_models_lock = threading.Lock()
        self.mail_settings = MailSettings.from_settings(ctx.settings)
        self.registry = Registry(ctx)
        self.people = People(ctx, self.registry, SignUpMail(self.mail_settings, ctx.directory))
        self.accounts = Accounts(ctx, self.people)
        self.requests = Requests(ctx, self.registry, self._fresh_read_models)
        self.availability = Availability(ctx, self.registry)
        self.bookings = Bookings(ctx, self._fresh_read_models, lambda: self.read_models.busy)
        self.sessions = Sessions(ctx, self.registry)
        self.notices = Notices(ctx)
        # Personal API tokens, beside the sign-ins: made here, as erasure deletes from them.
        per_minute = whole_number(ctx.settings.extra, RATE_SETTING, 120, 1, 100_000)
        self.tokens = ApiTokens(ctx, ApiTokenTable(database), per_minute)
        # API writes' idempotency keys and first answers: made here too, for erasure.
        self.idempotent_writes = IdempotentWrites(ctx, IdempotencyKeys(database))
        self.texts = FreeTexts(ctx, self._settle_erasure)
        self.people.after_erasure = self._settle_erasure

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    @property
    def clock(self) -> Clock:
        return self.ctx.clock

    @property
    def store(self) -> EventStore:
        return self.ctx.store

    @property
    def read_models(self) -> ReadModels:
        """The read models and their queries (see ``projections``)."""
        with self._read_models_lock:
            if self._read_models is None:
                self._read_models = self._open_read_models()
            return self._read_models

    def _fresh_read_models(self) -> ReadModels:
        """The read models, brought up to every event stored so far (applied here, or
        waited for while the worker applies them): for a query just after a command."""
        read_models = self.read_models
        read_models.sync()
        return read_models

    def _settle_erasure(self) -> None:
        """After an erasure, on the embedded default (SQLite, views applied here): the
        views and the outbox brought up to it, and the views' write-ahead log emptied of
        the pages that held what was erased. A worker does the views' part otherwise.
        Answers kept for API idempotency keys go in any case: one may quote what went."""
        self.idempotent_writes.forget_all()
        if self.settings.views_inline and not self.settings.uses_postgres:
            self._fresh_read_models()
            self.mail.update()
            empty_log(self.read_models.database)

    @functools.cached_property
    def mail(self) -> MailDesk:
        """The outbox (on the read models' database) and its sender."""
        return MailDesk(self.ctx, self.read_models.database, self.mail_settings, self.clock)

    @functools.cached_property
    def calendars(self) -> CalendarFeeds:
        """Personal calendar feeds, read from the read models."""
        return CalendarFeeds(
            self.ctx, self.database, self.read_models.calendar, self.mail_settings.base_url
        )

    @functools.cached_property
    def own_calendars(self) -> OwnCalendars:
        """Providers' own calendars: connections, readings, clashes."""
        settings = CalendarSettings.from_settings(self.settings)
        keys = load_keys(
            settings.key, self.settings.data_dir, may_make_file=not self.settings.uses_postgres
        )
        access = CalendarAccess(self.database, keys)
        rules = FetchRules(settings.timeout_seconds, settings.max_bytes, settings.allow_private)
        reader = CalendarReader(self.ctx, access, Fetcher(rules), settings, self._fresh_read_models)
        return OwnCalendars(self.ctx, access, reader, settings, self._fresh_read_models)

    @functools.cached_property
    def oversight(self) -> Oversight:
        """Figures, regional dashboards and people's records, read from the read models."""
        return Oversight(self.ctx, self.read_models)

    @functools.cached_property
    def extracts(self) -> Extracts:
        """Part of the record as CSV or JSON Lines: a service, a region, a date range."""
        return Extracts(self.ctx, self.read_models)

    @functools.cached_property
    def matching(self) -> Matching:
        """Experts to suggest for a request, ranked, each with its reasons."""
        return Matching(self.ctx, self.requests, self.read_models)

    def head_position(self) -> int:
        """The notification id of the newest stored event (0 when empty)."""
        return self.ctx.store.recorder.max_notification_id() or 0

    def drop_broken_connections(self) -> None:
        """The database was unreachable: let go of connections it ended (see ``Database``)."""
        self.database.drop_broken_connections()

    def close(self) -> None:
        if self._read_models is not None and self._read_models.database is not self.database:
            self._read_models.database.close()
        self.ctx.store.close()

"""Providers' own calendars: connecting, changing and disconnecting them, reading them now,
keeping a session that clashes with one; and the worker's job reading those due.

A calendar is read once before it is connected (or its address replaced), so a mistyped
address or password is refused there and then, naming what is wrong, and nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

from domain.calendars import CalendarConnection, calendar_kind, sign_in
from domain.clashes import SessionClash
from domain.errors import InvalidInput, PermissionDenied
from domain.validation import text
from infrastructure.calendar_access import Access, CalendarAccess
from infrastructure.calendar_http import (
    AddressRefused,
    CalendarUnreadable,
    check_address,
    public_host,
)
from infrastructure.calendar_settings import CalendarSettings
from projections.read_models import ReadModels
from service.access import require_owner
from service.calendars.reading import CalendarReader, Found, Outcome
from service.context import Context, command

READERS = 4
"""Calendars read at once by the job: readings mostly wait on other servers."""
MOST_A_RUN = 500


class OwnCalendars:
    def __init__(
        self,
        ctx: Context,
        access: CalendarAccess,
        reader: CalendarReader,
        settings: CalendarSettings,
        read_models: Callable[[], ReadModels],
    ) -> None:
        self.ctx = ctx
        self.access = access
        self.reader = reader
        self.settings = settings
        self.read_models = read_models

    def connect(
        self,
        actor: UUID,
        provider_id: UUID,
        *,
        kind: str,
        label: str,
        address: str,
        username: str = "",
        password: str = "",
        first_reading: list[bytes] | None = None,
    ) -> UUID:
        """Connect a calendar, after reading it once. Returns the connection's id.

        ``first_reading``: the calendar's text, read already (by the demo, whose calendars
        the app serves itself, and no server answers while it is seeded)."""
        provider = require_owner(self.ctx, actor, provider_id)
        if not provider.is_provider:
            raise PermissionDenied("only experts and peers connect their calendars")
        kind = calendar_kind(kind).value
        access = self._access(kind, address, username, password)
        now = self.ctx.clock.now()
        already = len(self.read_models().own_calendars.of_provider(provider_id))
        connection = CalendarConnection.connect(
            actor=actor,
            at=now,
            provider_id=provider_id,
            kind=kind,
            label=label,
            host=_host(access),
            connected_already=already,
        )
        if first_reading is None:
            found = self._first_reading(kind, access, provider_id)
        else:
            found = self.reader.found_in(first_reading, provider_id, now)
        self.access.put(connection.id, access)
        try:
            self.ctx.save(connection)
        except BaseException:
            self.access.forget(connection.id)
            raise
        self.reader.keep(connection, found, now)
        return connection.id

    def change(
        self,
        actor: UUID,
        connection_id: UUID,
        *,
        label: str,
        address: str = "",
        username: str = "",
        password: str = "",
    ) -> None:
        """Rename a calendar; with an address, replace its address and sign-in too (read
        once first)."""
        connection = self._own(actor, connection_id)
        if not (address or username or password):
            connection.change(actor=actor, at=self.ctx.clock.now(), label=label, host=None)
            self.ctx.save(connection)
            return
        access = self._access(connection.kind, address, username, password)
        connection.change(actor=actor, at=self.ctx.clock.now(), label=label, host=_host(access))
        found = self._first_reading(connection.kind, access, connection.provider_id)
        self.access.put(connection.id, access)
        self.ctx.save(connection)
        self.reader.keep(connection, found, self.ctx.clock.now())

    def disconnect(self, actor: UUID, connection_id: UUID) -> None:
        """Disconnect a calendar: its busy times stop counting, its secrets are deleted."""
        connection = self._own(actor, connection_id)
        connection.disconnect(actor=actor, at=self.ctx.clock.now())
        self.ctx.save(connection)
        self.access.forget(connection_id)
        self.read_models().busy.forget(connection_id)

    def refresh_now(self, actor: UUID, connection_id: UUID) -> Outcome:
        """Read one of one's own calendars now, whenever it was last read."""
        self._own(actor, connection_id)
        return self.reader.refresh(connection_id)

    @command
    def keep_clash(self, actor: UUID, clash_id: UUID) -> None:
        """Keep a session that clashes with one's own calendar, as it is."""
        clash = self.ctx.load(SessionClash, clash_id, "clash", field="clash_id")
        require_owner(self.ctx, actor, clash.provider_id)
        clash.keep(actor=actor, at=self.ctx.clock.now())
        self.ctx.save(clash)

    def refresh_due(self) -> int:
        """Read every connected calendar whose reading is due (the worker's job), a few at
        once; forget the busy times of calendars no longer connected. Returns how many
        calendars were read (or tried)."""
        views = self.read_models()
        for connection_id in views.own_calendars.not_connected():
            views.busy.forget(connection_id)
        due = [c for c, _ in views.own_calendars.due(self.ctx.clock.now(), MOST_A_RUN)]
        if not due:
            return 0
        with ThreadPoolExecutor(READERS, thread_name_prefix="calendar") as pool:
            list(pool.map(self.reader.refresh, due))
        return len(due)

    def _own(self, actor: UUID, connection_id: UUID) -> CalendarConnection:
        connection = self.ctx.load(
            CalendarConnection, connection_id, "connected calendar", field="connection_id"
        )
        require_owner(self.ctx, actor, connection.provider_id)
        return connection

    def _access(self, kind: str, address: str, username: str, password: str) -> Access:
        url = text(address, "the calendar's address", field="address", max_length=2000)
        try:
            check_address(url, allow_private=self.settings.allow_private)
        except AddressRefused as refused:
            raise InvalidInput(str(refused), field="address") from None
        user, secret = sign_in(kind, username, password)
        return Access(url, user, secret)

    def _first_reading(self, kind: str, access: Access, provider_id: UUID) -> Found:
        try:
            return self.reader.find(kind, access, provider_id, self.ctx.clock.now())
        except CalendarUnreadable as failure:
            message = str(failure)
            field = "password" if "password" in message else "address"
            raise InvalidInput(f"that calendar could not be read: {message}", field=field) from None


def _host(access: Access) -> str:
    return public_host(access.url)

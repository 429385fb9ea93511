"""The availability view: published windows with their themes, and time off. Free slots are
cut from these rows at query time (see ``availability_search``), minus the time taken by
live bookings (the bookings view holds them, with their buffers, seats and what they count
against a peer's cap), so that notice and horizon always count from the moment of the
search, and a window without end needs no rows for the future."""

from __future__ import annotations

from typing import Any

from domain.availability import WindowSpec
from domain.time_off import time_off_span
from infrastructure.database import Transaction
from infrastructure.stored_values import id_list, instant, key, maybe_day, maybe_instant
from projections.base import EventProjection, on


class AvailabilityProjection(EventProjection):
    name = "availability"

    def schema(self) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS {view_windows} ("
            " window_id TEXT PRIMARY KEY, provider_id TEXT NOT NULL, status TEXT NOT NULL,"
            " kind TEXT NOT NULL, weekday INTEGER, start_time TEXT, end_time TEXT,"
            " first_date TEXT, last_date TEXT, starts_at TEXT, ends_at TEXT,"
            " session_minutes INTEGER NOT NULL, buffer_minutes INTEGER NOT NULL,"
            " notice_minutes INTEGER NOT NULL, horizon_days INTEGER NOT NULL,"
            " mode TEXT NOT NULL, location TEXT NOT NULL, seats INTEGER NOT NULL,"
            " theme_ids TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS {view_window_themes} ("
            " window_id TEXT NOT NULL, theme_id TEXT NOT NULL,"
            " PRIMARY KEY (window_id, theme_id))",
            "CREATE TABLE IF NOT EXISTS {view_time_off} ("
            " time_off_id TEXT PRIMARY KEY, provider_id TEXT NOT NULL,"
            " first_day TEXT NOT NULL, last_day TEXT NOT NULL, from_time TEXT,"
            " until_time TEXT, starts_at TEXT NOT NULL, ends_at TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS view_windows_by_provider ON {view_windows} (provider_id)",
            "CREATE INDEX IF NOT EXISTS view_window_themes_by_theme"
            " ON {view_window_themes} (theme_id, window_id)",
            "CREATE INDEX IF NOT EXISTS view_time_off_by_provider ON {view_time_off} (provider_id)",
        ]

    def tables(self) -> list[str]:
        return ["view_windows", "view_window_themes", "view_time_off"]

    def _write_window(self, tx: Transaction, window_id: str, spec: WindowSpec) -> None:
        tx.execute(
            "UPDATE {view_windows} SET kind = ?, weekday = ?, start_time = ?, end_time = ?,"
            " first_date = ?, last_date = ?, starts_at = ?, ends_at = ?, session_minutes = ?,"
            " buffer_minutes = ?, notice_minutes = ?, horizon_days = ?, mode = ?, location = ?,"
            " seats = ?, theme_ids = ? WHERE window_id = ?",
            (
                spec.kind,
                spec.weekday,
                spec.start_time,
                spec.end_time,
                maybe_day(spec.first_date),
                maybe_day(spec.last_date),
                maybe_instant(spec.starts_at),
                maybe_instant(spec.ends_at),
                spec.session_minutes,
                spec.buffer_minutes,
                spec.notice_minutes,
                spec.horizon_days,
                spec.mode,
                spec.location,
                spec.seats,
                id_list(spec.theme_ids),
                window_id,
            ),
        )
        tx.execute("DELETE FROM {view_window_themes} WHERE window_id = ?", (window_id,))
        for theme_id in spec.theme_ids:
            tx.execute(
                "INSERT INTO {view_window_themes} (window_id, theme_id) VALUES (?, ?)",
                (window_id, key(theme_id)),
            )

    @on("expertbank:AvailabilityWindow.Published")
    def published(self, tx: Transaction, e: Any, position: int) -> None:
        window_id = key(e.originator_id)
        tx.execute(
            "INSERT INTO {view_windows} (window_id, provider_id, status, kind,"
            " session_minutes, buffer_minutes, notice_minutes, horizon_days, mode, location,"
            " seats, theme_ids) VALUES (?, ?, 'published', '', 0, 0, 0, 0, '', '', 1, '')",
            (window_id, key(e.provider_id)),
        )
        self._write_window(tx, window_id, WindowSpec.from_dict(e.spec))

    @on("expertbank:AvailabilityWindow.Changed")
    def changed(self, tx: Transaction, e: Any, position: int) -> None:
        self._write_window(tx, key(e.originator_id), WindowSpec.from_dict(e.spec))

    @on("expertbank:AvailabilityWindow.Withdrawn")
    def withdrawn(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_windows} SET status = 'withdrawn' WHERE window_id = ?",
            (key(e.originator_id),),
        )

    @on("expertbank:TimeOff.Added")
    def time_off_added(self, tx: Transaction, e: Any, position: int) -> None:
        from_time = getattr(e, "from_time", None)  # whole days only before part days
        until_time = getattr(e, "until_time", None)
        span = time_off_span(e.first_day, e.last_day, from_time, until_time)
        tx.execute(
            "INSERT INTO {view_time_off} (time_off_id, provider_id, first_day, last_day,"
            " from_time, until_time, starts_at, ends_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key(e.originator_id),
                key(e.provider_id),
                e.first_day.isoformat(),
                e.last_day.isoformat(),
                from_time,
                until_time,
                instant(span.start),
                instant(span.end),
            ),
        )

    @on("expertbank:TimeOff.Removed")
    def time_off_removed(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute("DELETE FROM {view_time_off} WHERE time_off_id = ?", (key(e.originator_id),))

"""Reading a provider's own availability from the availability view: their windows with
status and terms (for their editor, and for programme staff), and their time off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.availability import WindowSpec
from infrastructure.database import Database
from infrastructure.stored_values import key
from projections.availability_rows import spec_of


@dataclass(frozen=True)
class WindowEntry:
    """An availability window as it stands: ``published`` or ``withdrawn``, and its
    terms (weekly in London wall time, or one-off instants)."""

    window_id: UUID
    provider_id: UUID
    status: str
    spec: WindowSpec


@dataclass(frozen=True)
class TimeOffEntry:
    """A run of London days a provider takes off, from ``from_time`` on the first day and
    until ``until_time`` on the last (None: the whole day). Time off removed is not kept."""

    time_off_id: UUID
    provider_id: UUID
    first_day: date
    last_day: date
    from_time: str | None = None
    until_time: str | None = None


class WindowQueries:
    def __init__(self, views: Database) -> None:
        self.views = views

    def of_provider(self, provider_id: UUID, *, withdrawn: bool = False) -> list[WindowEntry]:
        """A provider's published windows (and withdrawn ones too, with ``withdrawn``):
        weekly ones by weekday and time, then one-off ones by start."""
        status = "" if withdrawn else " AND status = 'published'"
        rows = self.views.query(
            f"SELECT * FROM {{view_windows}} WHERE provider_id = ?{status}"
            " ORDER BY kind DESC, weekday, start_time, first_date, starts_at, window_id",
            (key(provider_id),),
        )
        return [
            WindowEntry(
                window_id=UUID(row["window_id"]),
                provider_id=provider_id,
                status=row["status"],
                spec=spec_of(row),
            )
            for row in rows
        ]

    def time_off(self, provider_id: UUID) -> list[TimeOffEntry]:
        """A provider's time off, earliest first."""
        rows = self.views.query(
            "SELECT time_off_id, first_day, last_day, from_time, until_time"
            " FROM {view_time_off} WHERE provider_id = ? ORDER BY starts_at, time_off_id",
            (key(provider_id),),
        )
        return [
            TimeOffEntry(
                time_off_id=UUID(row["time_off_id"]),
                provider_id=provider_id,
                first_day=date.fromisoformat(row["first_day"]),
                last_day=date.fromisoformat(row["last_day"]),
                from_time=row["from_time"],
                until_time=row["until_time"],
            )
            for row in rows
        ]

"""Settings for reading providers' own calendars, from the ``EXPERTBANK_CALENDAR_*``
environment the Settings carry. Each bad value is refused naming the variable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from domain.errors import InvalidInput
from infrastructure.settings import Settings, whole_number

TRUE, FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off", "")


@dataclass(frozen=True)
class CalendarSettings:
    refresh_every: timedelta = timedelta(minutes=15)
    """How often each connected calendar is read."""
    timeout_seconds: float = 10.0
    """The most one reading may take, redirects and slow answers included."""
    max_bytes: int = 10 * 1024 * 1024
    """The largest calendar read (after decompression)."""
    stale_after: timedelta = timedelta(hours=72)
    """How long the last good busy times of a calendar that cannot be read still count."""
    tentative_busy: bool = True
    """Whether events marked tentative block free time."""
    allow_private: bool = False
    """Whether addresses on this machine or a private network may be read (tests, a
    calendar server on the local network, the demo); they may then use http too."""
    key: str = ""
    """Keys sealing calendar addresses and passwords (comma-separated, newest first)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> CalendarSettings:
        env = settings.extra
        return cls(
            refresh_every=timedelta(
                minutes=whole_number(env, "EXPERTBANK_CALENDAR_REFRESH_MINUTES", 15, 1, 24 * 60)
            ),
            timeout_seconds=whole_number(env, "EXPERTBANK_CALENDAR_TIMEOUT_SECONDS", 10, 1, 120),
            max_bytes=whole_number(env, "EXPERTBANK_CALENDAR_MAX_MB", 10, 1, 100) * 1024 * 1024,
            stale_after=timedelta(
                hours=whole_number(env, "EXPERTBANK_CALENDAR_STALE_HOURS", 72, 1, 24 * 60)
            ),
            tentative_busy=_flag(env, "EXPERTBANK_CALENDAR_TENTATIVE_BUSY", True),
            allow_private=_flag(env, "EXPERTBANK_CALENDAR_ALLOW_PRIVATE", False),
            key=env.get("EXPERTBANK_CALENDAR_KEY", "").strip(),
        )


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in TRUE:
        return True
    if raw.strip().lower() in FALSE:
        return False
    raise InvalidInput(f"{name} must be true or false", field=name)

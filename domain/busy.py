"""Which entries of a provider's own calendar make them busy.

A calendar reader turns each occurrence of each event into an ``Entry`` (instants in UTC,
recurrences expanded, time zones applied); the rules here decide which count, and reduce
them to busy intervals: start and end only. Nothing else of an entry is kept anywhere: its
title, attendees and description are other people's data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.errors import SlotTaken
from domain.time import TimeRange

LOOK_BACK = timedelta(days=1)
LOOK_AHEAD = timedelta(days=366)
"""Busy times are kept from a day ago to beyond the longest booking horizon (365 days)."""


class Showing(StrEnum):
    """How an entry shows its owner's time, from TRANSP, STATUS and Outlook's own
    X-MICROSOFT-CDO-BUSYSTATUS."""

    BUSY = "busy"
    TENTATIVE = "tentative"
    FREE = "free"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Entry:
    """One occurrence of a calendar event, as far as the rules need it."""

    uid: str
    start: datetime
    end: datetime
    showing: Showing


def showing(*, transp: str, status: str, busy_status: str) -> Showing:
    """What an event says of its owner's time. Cancelled wins; then free (TRANSP:TRANSPARENT,
    or Outlook's FREE); then tentative (STATUS:TENTATIVE, or Outlook's TENTATIVE)."""
    transp, status, busy_status = transp.upper(), status.upper(), busy_status.upper()
    if status == "CANCELLED":
        return Showing.CANCELLED
    if transp == "TRANSPARENT" or busy_status == "FREE":
        return Showing.FREE
    if status == "TENTATIVE" or busy_status == "TENTATIVE":
        return Showing.TENTATIVE
    return Showing.BUSY


def busy_span(now: datetime) -> TimeRange:
    """The instants whose busy times are kept, seen from ``now``."""
    return TimeRange(now - LOOK_BACK, now + LOOK_AHEAD)


def busy_intervals(
    entries: Iterable[Entry],
    *,
    span: TimeRange,
    tentative_busy: bool,
    is_ours: Callable[[str], bool],
) -> list[TimeRange]:
    """The busy intervals within ``span``, merged where they overlap or touch, in order.

    Free and cancelled entries never count; tentative ones count if ``tentative_busy``.
    Entries whose UID ``is_ours`` are the provider's own Expert Bank sessions, read back
    from their calendar: those already take their time in Expert Bank, and counting them
    again would make a session clash with itself.
    """
    counted = {Showing.BUSY, Showing.TENTATIVE} if tentative_busy else {Showing.BUSY}
    ranges = sorted(
        (max(e.start, span.start), min(e.end, span.end))
        for e in entries
        if e.showing in counted and e.start < span.end and e.end > span.start and e.end > e.start
        if not is_ours(e.uid)
    )
    merged: list[list[datetime]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [TimeRange(start, end) for start, end in merged]


def is_busy(slot: TimeRange, buffer: timedelta, busy: Iterable[TimeRange]) -> bool:
    """Whether the slot comes within ``buffer`` of busy time: the window's buffer between
    sessions is kept around the provider's own appointments too."""
    return any(slot.overlaps(span, buffer) for span in busy)


def check_not_busy(slot: TimeRange, buffer: timedelta, busy: Iterable[TimeRange]) -> None:
    if is_busy(slot, buffer, busy):
        raise SlotTaken("that time is no longer free: the provider is busy then", field="start")

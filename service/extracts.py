"""Part of the record for programme staff and auditors: the history of one library
service, of a region's services, or of the whole programme, between two days, as records
a spreadsheet or a program can read (``web/pages/extracts.py``, ``expertbank extract``).

Each record is one event as the history tells it: when, who, what kind, the sentence, and
the records it names. Free text appears as the history shows it now: an erased text reads
as erased.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar
from uuid import UUID

from domain.errors import InvalidInput, WrongKind
from domain.ids import SYSTEM_ACTOR
from domain.registry import LibraryService, Region
from domain.time import LONDON, check_day, london_instant
from projections.history_fold import HistoryEntry
from projections.read_models import ReadModels
from service.access import require_oversight
from service.context import Context

A = TypeVar("A", LibraryService, Region)
PAGE = 500
END_OF_DAY = time(23, 59, 59, 999_999)

FIELDS = {  # each record's keys (JSON Lines) and the CSV column of each
    "position": "position",
    "at": "time (UTC)",
    "at_uk": "time (UK)",
    "actor_id": "who (id)",
    "actor": "who",
    "kind": "kind",
    "record_id": "record id",
    "service_id": "library service (id)",
    "service": "library service",
    "request_id": "request id",
    "engagement_id": "engagement id",
    "booking_id": "booking id",
    "what": "what happened",
}


@dataclass(frozen=True)
class Extract:
    """What was asked for, in words and as a file name, and its events, oldest first."""

    title: str
    filename: str
    entries: Iterable[HistoryEntry]


class Extracts:
    def __init__(self, ctx: Context, read_models: ReadModels) -> None:
        self.ctx = ctx
        self.read_models = read_models

    def of(
        self,
        actor: UUID,
        *,
        service_id: UUID | None = None,
        region_id: UUID | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> Extract:
        """The events of a library service, of a region's services, or of the whole
        programme (neither), from ``since`` until ``until`` (UK days, both included)."""
        if actor != SYSTEM_ACTOR:  # the operator, at the command line
            require_oversight(self.ctx, actor)
        first, last = _days(since, until)
        if service_id is not None and region_id is not None:
            raise InvalidInput("choose a library service or a region, not both", field="region_id")
        words, slug = "the whole programme", "programme"
        services: list[UUID] | None = None
        if service_id is not None:
            service = self._read(LibraryService, service_id, "library service", "service_id")
            words, slug, services = service.name, service.code, [service_id]
        elif region_id is not None:
            region = self._read(Region, region_id, "region", "region_id")
            words, slug = f"the services of {region.name}", region.code
            services = [s.service_id for s in self.read_models.registry.services(region_id)]
        if first is not None:
            words += f", from {first:%-d %B %Y}"
            slug += f"-from-{first.isoformat()}"
        if last is not None:
            words += f", until {last:%-d %B %Y}"
            slug += f"-until-{last.isoformat()}"
        since_at = london_instant(first, time(0)) if first else None
        until_at = london_instant(last, END_OF_DAY) if last else None
        if services is None:
            entries: Iterable[HistoryEntry] = self._programme(since_at, until_at)
        else:
            entries = self._of_services(services, since_at, until_at)
        return Extract(words[:1].upper() + words[1:], f"expertbank-{slug}", entries)

    def _read(self, kind: type[A], record_id: UUID, noun: str, field: str) -> A:
        try:
            return self.ctx.read(kind, record_id, noun, field=field)
        except WrongKind:
            raise InvalidInput(
                f"that is not a {noun}: choose one from the list", field=field
            ) from None

    def records(self, extract: Extract) -> Iterator[dict[str, Any]]:
        """Each event of ``extract`` as a record with the keys of ``FIELDS``; an event of
        a booking, engagement or request names the library service it is for."""
        names: dict[UUID, str] = {}
        services: dict[UUID, UUID | None] = {}
        for e in extract.entries:
            service_id = e.service_id or self._service_of(e, services)
            if service_id is not None and service_id not in names:
                names[service_id] = self.read_models.registry.name(service_id)
            yield {
                "position": e.position,
                "at": e.at.isoformat(),
                "at_uk": e.at.astimezone(LONDON).strftime("%Y-%m-%d %H:%M %Z"),
                "actor_id": str(e.actor_id),
                "actor": e.actor_name,
                "kind": e.kind,
                "record_id": str(e.aggregate_id),
                "service_id": _text(service_id),
                "service": names[service_id] if service_id is not None else "",
                "request_id": _text(e.request_id),
                "engagement_id": _text(e.engagement_id),
                "booking_id": _text(e.booking_id),
                "what": e.sentence,
            }

    def _service_of(self, e: HistoryEntry, known: dict[UUID, UUID | None]) -> UUID | None:
        """The library service of the booking, engagement or request an event is about
        (looked up once each)."""
        record = e.booking_id or e.engagement_id or e.request_id
        if record is None:
            return None
        if record not in known:
            found: Any
            if e.booking_id is not None:
                found = self.read_models.bookings.get(e.booking_id)
            elif e.engagement_id is not None:
                found = self.read_models.requests.engagement(e.engagement_id)
            else:
                found = self.read_models.requests.get(record)
            known[record] = found.service_id if found is not None else None
        return known[record]

    def _programme(self, since: datetime | None, until: datetime | None) -> Iterator[HistoryEntry]:
        """Every event of the programme, a page at a time."""
        after: int | None = None
        while True:
            page = self.read_models.history.programme(
                newest_first=False, since=since, until=until, after=after, limit=PAGE
            )
            yield from page.entries
            if page.next_after is None:
                return
            after = page.next_after

    def _of_services(
        self, services: list[UUID], since: datetime | None, until: datetime | None
    ) -> list[HistoryEntry]:
        """The events in the histories of ``services``, each once, in order."""
        found: dict[int, HistoryEntry] = {}
        for service_id in services:
            history = self.read_models.history.for_subject("service", service_id, until)
            for e in history.entries:
                if since is None or e.at >= since:
                    found[e.position] = e
        return [found[position] for position in sorted(found)]


def _days(since: date | None, until: date | None) -> tuple[date | None, date | None]:
    first = check_day(since, "the first day", field="since") if since else None
    last = check_day(until, "the last day", field="until") if until else None
    if first and last and last < first:
        raise InvalidInput(
            "the last day must be the same as the first day or after it", field="until"
        )
    return first, last


def _text(value: UUID | None) -> str:
    return "" if value is None else str(value)

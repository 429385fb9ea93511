"""Reading the history: every event touching a subject, in order, as sentences, and the
bookings, engagements and requests in it as they stood at a moment (``as_of``).

The states are folded from the same rows as the sentences, so "as of 1 May" shows exactly
what the events up to then had made: a booking cancelled on 2 May is still confirmed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.errors import InvalidInput
from domain.time import as_utc
from infrastructure.database import Database, Row
from infrastructure.stored_values import instant, key, marks
from projections.history import BOOKED_IN_COLUMNS
from projections.history_fold import (
    FOLLOWED,
    BookingState,
    EngagementState,
    Fold,
    HistoryEntry,
    RequestState,
)
from projections.registry import Names, Reference

KINDS = {
    "service": "service_id",
    "person": "person_id",
    "request": "request_id",
    "engagement": "engagement_id",
    "booking": "booking_id",
}
CREATED = {
    "booking_id": "Booking.Booked",
    "engagement_id": "Engagement.Commissioned",
    "request_id": "ExpressionOfInterest.Submitted",
}


@dataclass(frozen=True)
class SubjectHistory:
    """A subject's history up to ``as_of`` (None: up to now), oldest first, and the
    bookings (by start), engagements and requests it includes as they stood then."""

    kind: str
    subject_id: UUID
    as_of: datetime | None
    entries: list[HistoryEntry]
    bookings: list[BookingState] = field(default_factory=list)
    engagements: list[EngagementState] = field(default_factory=list)
    requests: list[RequestState] = field(default_factory=list)


KIND_GROUPS = {  # what a reader filters the whole history by, and the event kinds it means
    "requests": ("ExpressionOfInterest.",),
    "engagements": ("Engagement.",),
    "bookings": ("Booking.",),
    "availability": ("AvailabilityWindow.", "TimeOff.", "CalendarConnection.", "SessionClash."),
    "people": ("Person.",),
    "registry": ("LibraryService.", "Region.", "Theme."),
    "resources": ("Resource.",),
}


@dataclass(frozen=True)
class HistoryPage:
    """A page of the whole programme's history; ``next_after`` is the position to read on
    from (None on the last page)."""

    entries: list[HistoryEntry]
    next_after: int | None


class HistoryQueries:
    def __init__(self, views: Database, reference: Reference) -> None:
        self.views = views
        self.reference = reference

    def of(self, subject_id: UUID, as_of: datetime | None = None) -> SubjectHistory:
        """The history of whatever ``subject_id`` names: a library service, a person, a
        request, an engagement or a booking (empty for an id with no history)."""
        return self.for_subject(self.kind_of(subject_id), subject_id, as_of)

    def kind_of(self, subject_id: UUID) -> str:
        """Which kind of subject an id is, by the column of the history it appears in."""
        for kind, column in KINDS.items():
            statement = f"SELECT 1 FROM {{view_history}} WHERE {column} = ? LIMIT 1"
            if self.views.query(statement, (key(subject_id),)):
                return kind
        return "booking"

    def for_subject(
        self, kind: str, subject_id: UUID, as_of: datetime | None = None
    ) -> SubjectHistory:
        """Every event that touched the subject (a person's also includes what they did),
        in order; with ``as_of``, only those up to that moment."""
        column = KINDS.get(kind)
        if column is None:
            raise InvalidInput(f"history is kept for {', '.join(KINDS)}", field="kind")
        until = instant(as_utc(as_of, "as_of")) if as_of is not None else None
        own = self._rows(f"{column} = ?", [key(subject_id)], until)
        rows = {row["position"]: row for row in own}
        if kind == "person":
            rows.update(
                {r["position"]: r for r in self._rows("actor_id = ?", [key(subject_id)], until)}
            )
        if kind != "booking":
            self._follow(rows, own, until)
        shown = set(rows)
        self._add_context(rows, until)
        ordered = [rows[p] for p in sorted(rows)]
        names = self._names(ordered)
        fold = Fold(names)
        entries = [entry for row in ordered if (entry := fold.apply(row, row["position"] in shown))]
        fold.count_hours()
        in_scope = _ids(rows[p] for p in shown)
        return SubjectHistory(
            kind=kind,
            subject_id=subject_id,
            as_of=as_of,
            entries=entries,
            bookings=sorted(
                (b for i, b in fold.bookings.items() if i in in_scope),
                key=lambda b: (b.start, str(b.booking_id)),
            ),
            engagements=[e for i, e in fold.engagements.items() if i in in_scope],
            requests=[r for i, r in fold.requests.items() if i in in_scope],
        )

    def programme(
        self,
        *,
        newest_first: bool = True,
        kind: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        after: int | None = None,
        limit: int = 50,
    ) -> HistoryPage:
        """Every event of the programme, a page of ``limit`` at a time from position
        ``after`` on, newest or oldest first; optionally of one of ``KIND_GROUPS`` and
        from ``since`` until ``until``."""
        if kind is not None and kind not in KIND_GROUPS:
            raise InvalidInput("choose a kind of event from the list", field="kind")
        conditions: list[str] = ["1 = 1"]
        params: list[object] = []
        if kind is not None:
            prefixes = KIND_GROUPS[kind]
            conditions.append("(" + " OR ".join("kind LIKE ?" for _ in prefixes) + ")")
            params += [f"{prefix}%" for prefix in prefixes]
        for condition, moment in (("at >= ?", since), ("at <= ?", until)):
            if moment is not None:
                conditions.append(condition)
                params.append(instant(as_utc(moment, "since")))
        if after is not None:
            conditions.append("position < ?" if newest_first else "position > ?")
            params.append(after)
        order = "DESC" if newest_first else "ASC"
        found = self.views.query(
            f"SELECT * FROM {{view_history}} WHERE {' AND '.join(conditions)}"
            f" ORDER BY position {order} LIMIT {int(limit) + 1}",
            params,
        )
        page = found[:limit]
        rows = {row["position"]: row for row in page}
        self._add_context(rows, None)
        ordered = [rows[p] for p in sorted(rows)]
        fold = Fold(self._names(ordered))
        shown = {row["position"] for row in page}
        entries = [e for row in ordered if (e := fold.apply(row, row["position"] in shown))]
        return HistoryPage(
            entries=entries[::-1] if newest_first else entries,
            next_after=page[-1]["position"] if len(found) > limit else None,
        )

    def _rows(self, condition: str, params: list[Any], until: str | None) -> list[Row]:
        when = " AND at <= ?" if until else ""
        return self.views.query(
            f"SELECT * FROM {{view_history}} WHERE ({condition}){when}",
            [*params, *([until] if until else [])],
        )

    def _related(self, ids: dict[str, set[str]], until: str | None) -> list[Row]:
        found: list[Row] = []
        for column, values in ids.items():
            wanted = sorted(values)
            for offset in range(0, len(wanted), 500):
                chunk = wanted[offset : offset + 500]
                found += self._rows(f"{column} IN ({marks(len(chunk))})", chunk, until)
        return found

    def _follow(self, rows: dict[int, Row], roots: list[Row], until: str | None) -> None:
        """Add every event of the bookings, engagements and requests the subject's own rows
        name, and of those they name in turn (a request's engagement's bookings)."""
        seen: dict[str, set[str]] = {column: set() for column in FOLLOWED}
        frontier = roots
        while frontier:
            new = {
                column: {r[column] for r in frontier if r[column]} - seen[column]
                for column in FOLLOWED
            }
            if not any(new.values()):
                return
            for column, values in new.items():
                seen[column] |= values
            frontier = [r for r in self._related(new, until) if r["position"] not in rows]
            rows.update({r["position"]: r for r in frontier})

    def _add_context(self, rows: dict[int, Row], until: str | None) -> None:
        """Earlier events of the bookings, engagements and requests named, so that a
        sentence can say which session or request it was about."""
        missing: dict[str, set[str]] = {}
        for column, first in CREATED.items():
            named = {r[column] for r in rows.values() if r[column]}
            have = {r[column] for r in rows.values() if r["kind"] == first}
            missing[column] = named - have
        if any(missing.values()):
            extra = self._related(missing, until)
            rows.update({r["position"]: r for r in extra if r["position"] not in rows})

    def _names(self, rows: list[Row]) -> Names:
        people: set[UUID] = set()
        services: set[UUID] = set()
        themes: set[UUID] = set()
        for row in rows:
            row["data_parsed"] = _data(row)
        shown = self.reference.texts(v for row in rows for v in row["data_parsed"].values())
        for row in rows:
            data = row["data_parsed"]
            if shown:
                data.update((k, shown[v]) for k, v in data.items() if _is_text(v, shown))
            people.add(UUID(row["actor_id"]))
            for name in ("provider_id", "expert_id"):
                if data.get(name):
                    people.add(UUID(data[name]))
            if row["person_id"]:
                people.add(UUID(row["person_id"]))
            if row["kind"].startswith("Person."):
                people.add(UUID(row["aggregate_id"]))
            if row["service_id"]:
                services.add(UUID(row["service_id"]))
            if data.get("service_id"):
                services.add(UUID(data["service_id"]))
            if data.get("theme_id"):
                themes.add(UUID(data["theme_id"]))
            themes.update(UUID(t) for t in data.get("theme_ids") or ())
            if row["kind"].startswith(("Theme.", "LibraryService.")):
                (themes if row["kind"].startswith("Theme.") else services).add(
                    UUID(row["aggregate_id"])
                )
        return self.reference.names(services=services, themes=themes, people=people)


def _is_text(value: object, shown: dict[str, str]) -> bool:
    return isinstance(value, str) and value in shown


def _data(row: Row) -> dict[str, Any]:
    """The event's data, with what the row keeps in columns put back."""
    data: dict[str, Any] = json.loads(row["data"])
    if row["kind"] == "Booking.Booked":
        for name, column in BOOKED_IN_COLUMNS.items():
            data[name] = row[column]
    return data


def _ids(rows: Iterable[Row]) -> set[UUID]:
    found: set[UUID] = set()
    for row in rows:
        found.update(UUID(row[column]) for column in FOLLOWED if row[column])
    return found

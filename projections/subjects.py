"""Finding whose history to read: library services (by their name or their region's),
people, requests, engagements and bookings whose service, theme or person matches the words
typed. Names of people come from the directory (they can be erased), the rest from the
views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from infrastructure.database import Database, Row
from infrastructure.stored_values import key, marks, to_instant
from projections.people_read import PeopleQueries
from projections.registry import Reference

EACH = 10  # matches shown of each kind


@dataclass(frozen=True)
class Subject:
    """Something with a history: its kind (service, person, request, engagement or
    booking), id, what it is called, and when it began (requests and bookings)."""

    kind: str
    subject_id: UUID
    label: str
    when: datetime | None = None


class SubjectSearch:
    def __init__(self, views: Database, reference: Reference, people: PeopleQueries) -> None:
        self.views = views
        self.reference = reference
        self.people = people

    def find(self, text: str) -> list[Subject]:
        """Up to ``EACH`` of each kind matching ``text`` (any part of a name, any case)."""
        words = text.strip().lower()
        if not words:
            return []
        like = f"%{words}%"
        people = [p for p in self.people.people() if words in p.name.lower()]
        named = [key(p.person_id) for p in people]
        services = self.views.query(
            "SELECT s.service_id, s.name, r.name AS region FROM {view_services} s"
            " LEFT JOIN {view_regions} r ON r.region_id = s.region_id"
            " WHERE LOWER(s.name) LIKE ? OR LOWER(r.name) LIKE ? ORDER BY LOWER(s.name)",
            (like, like),
        )
        found = [
            Subject(
                "service",
                UUID(row["service_id"]),
                f"{row['name']} ({row['region'] or 'no region'})",
            )
            for row in services[:EACH]
        ]
        found += [Subject("person", p.person_id, p.name) for p in people[:EACH]]
        return (
            found
            + self._requests(like)
            + self._engagements(like, named)
            + self._bookings(like, named)
        )

    def _matching(
        self, table: str, person: str | None, like: str, named: list[str], order: str
    ) -> list[Row]:
        people = f" OR x.{person} IN ({marks(len(named))})" if person and named else ""
        return self.views.query(
            f"SELECT x.*, s.name AS service_name, t.name AS theme_name FROM {{{table}}} x"
            " JOIN {view_services} s ON s.service_id = x.service_id"
            " JOIN {view_themes} t ON t.theme_id = x.theme_id"
            f" WHERE LOWER(s.name) LIKE ? OR LOWER(t.name) LIKE ?{people}"
            f" ORDER BY {order} DESC LIMIT {EACH}",
            (like, like, *(named if people else [])),
        )

    def _requests(self, like: str) -> list[Subject]:
        rows = self._matching("view_requests", None, like, [], "x.submitted_at")
        return [
            Subject(
                "request",
                UUID(row["request_id"]),
                f"{row['service_name']} asked for help with {row['theme_name']}",
                to_instant(row["submitted_at"]),
            )
            for row in rows
        ]

    def _engagements(self, like: str, named: list[str]) -> list[Subject]:
        return self._with_person("engagement", "expert_id", "commissioned_at", like, named)

    def _bookings(self, like: str, named: list[str]) -> list[Subject]:
        return self._with_person("booking", "provider_id", "starts_at", like, named)

    def _with_person(
        self, kind: str, person: str, at: str, like: str, named: list[str]
    ) -> list[Subject]:
        """Engagements (with their expert) or bookings (with their provider) matching."""
        rows = self._matching(f"view_{kind}s", person, like, named, f"x.{at}")
        names = self.reference.names(people={UUID(row[person]) for row in rows})
        theme = kind == "engagement"
        return [
            Subject(
                kind,
                UUID(row[f"{kind}_id"]),
                f"{row['service_name']} with {names.person(UUID(row[person]))}"
                + (f": {row['theme_name']}" if theme else ""),
                to_instant(row[at]),
            )
            for row in rows
        ]

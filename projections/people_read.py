"""Reading people from the registry view: roles, library service, themes, account status
and peer settings come from the events; names and email addresses are joined from the
directory when read (they are never in events), so that erasure shows at once."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.errors import InvalidInput
from domain.people import Role
from infrastructure.database import Database, Row
from infrastructure.directory import Details, Directory
from infrastructure.stored_values import key, maybe_uuid, to_id_list

ROLE_FLAGS = {"expert": "is_expert", "peer": "is_peer"}


@dataclass(frozen=True)
class PersonEntry:
    """Someone with an account. ``status`` is ``invited``, ``active`` or ``deactivated``;
    a peer's ``cap_minutes`` (None: no monthly cap) and whether they confirm each booking.
    ``name`` and ``email`` are empty if the directory has none (erased details read
    "(details erased)")."""

    person_id: UUID
    name: str
    email: str
    roles: list[str]
    service_id: UUID | None
    theme_ids: list[UUID]
    status: str
    cap_minutes: int | None
    requires_confirmation: bool
    themes_asked: list[UUID] | None = None
    """An expert's change of themes waiting for programme staff's approval."""


class PeopleQueries:
    def __init__(self, views: Database, directory: Directory) -> None:
        self.views = views
        self.directory = directory

    def people(
        self,
        *,
        role: str | None = None,
        service_id: UUID | None = None,
        status: str | None = None,
        matching: str = "",
    ) -> list[PersonEntry]:
        """Everyone (or those with a role, of a library service, in an account status, or
        whose name, email address or library service's name holds ``matching``), by name."""
        where, params = ["1 = 1"], []
        if role is not None and role not in {r.value for r in Role}:
            raise InvalidInput(f"there is no role called {role!r}", field="role")
        if role in ROLE_FLAGS:
            where.append(f"{ROLE_FLAGS[role]} = 1")
        elif role is not None:  # roles are stored as "a,b": no role name contains another
            where.append("(',' || roles || ',') LIKE ?")
            params.append(f"%,{role},%")
        if service_id is not None:
            where.append("service_id = ?")
            params.append(key(service_id))
        if status is not None:
            where.append("status = ?")
            params.append(status)
        rows = self.views.query(
            f"SELECT * FROM {{view_people}} WHERE {' AND '.join(where)}", params
        )
        found = self._entries(rows)
        words = matching.strip().lower()
        if words:
            services = self._services_named(words)
            found = [
                p
                for p in found
                if words in p.name.lower() or words in p.email.lower() or p.service_id in services
            ]
        return sorted(found, key=lambda p: (p.name.lower(), p.person_id))

    def _services_named(self, words: str) -> set[UUID]:
        rows = self.views.query(
            "SELECT service_id FROM {view_services} WHERE LOWER(name) LIKE ?", (f"%{words}%",)
        )
        return {UUID(row["service_id"]) for row in rows}

    def themes_waiting(self) -> list[PersonEntry]:
        """Experts whose change of themes waits for programme staff's approval, by name."""
        rows = self.views.query("SELECT * FROM {view_people} WHERE themes_asked IS NOT NULL")
        return sorted(self._entries(rows), key=lambda p: (p.name.lower(), p.person_id))

    def person(self, person_id: UUID) -> PersonEntry | None:
        """One person, or None if no one has that id."""
        rows = self.views.query(
            "SELECT * FROM {view_people} WHERE person_id = ?", (key(person_id),)
        )
        return self._entries(rows)[0] if rows else None

    def _entries(self, rows: list[Row]) -> list[PersonEntry]:
        ids = [UUID(row["person_id"]) for row in rows]
        details: dict[UUID, Details] = {}
        for offset in range(0, len(ids), 500):
            details.update(self.directory.many(ids[offset : offset + 500]))
        return [
            _entry(row, details.get(person_id)) for row, person_id in zip(rows, ids, strict=True)
        ]


def _entry(row: Row, details: Details | None) -> PersonEntry:
    return PersonEntry(
        person_id=UUID(row["person_id"]),
        name=details.name if details else "",
        email=(details.email or "") if details else "",
        roles=[role for role in row["roles"].split(",") if role],
        service_id=maybe_uuid(row["service_id"]),
        theme_ids=to_id_list(row["theme_ids"]),
        status=row["status"],
        cap_minutes=row["cap_minutes"],
        requires_confirmation=bool(row["requires_confirmation"]),
        themes_asked=to_id_list(row["themes_asked"]) if row["themes_asked"] else None,
    )

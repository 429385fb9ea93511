"""Reading the registry view: regions, library services and themes as the pages list and
offer them, and the name or kind of any id they show."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.ids import SYSTEM_ACTOR
from infrastructure.database import Database
from infrastructure.stored_values import key
from projections.registry import Reference

KIND_TABLES = [
    ("region", "view_regions", "region_id"),
    ("service", "view_services", "service_id"),
    ("theme", "view_themes", "theme_id"),
    ("person", "view_people", "person_id"),
]


@dataclass(frozen=True)
class RegionEntry:
    """A regional network of library services."""

    region_id: UUID
    code: str
    name: str


@dataclass(frozen=True)
class ServiceEntry:
    """A member library service, with the region it is in now."""

    service_id: UUID
    code: str
    name: str
    region_id: UUID
    region_name: str


@dataclass(frozen=True)
class ThemeEntry:
    """A theme; a retired one is kept for what used it, and offered for nothing new."""

    theme_id: UUID
    code: str
    name: str
    retired: bool


class RegistryQueries:
    def __init__(self, views: Database, reference: Reference) -> None:
        self.views = views
        self.reference = reference

    def regions(self) -> list[RegionEntry]:
        """Every region, by name."""
        rows = self.views.query(
            "SELECT region_id, code, name FROM {view_regions} ORDER BY LOWER(name), region_id"
        )
        return [RegionEntry(UUID(row["region_id"]), row["code"], row["name"]) for row in rows]

    def services(self, region_id: UUID | None = None) -> list[ServiceEntry]:
        """Every library service (or a region's), by name."""
        where = " WHERE s.region_id = ?" if region_id is not None else ""
        rows = self.views.query(
            "SELECT s.service_id, s.code, s.name, s.region_id, r.name AS region_name"
            " FROM {view_services} s LEFT JOIN {view_regions} r ON r.region_id = s.region_id"
            f"{where} ORDER BY LOWER(s.name), s.service_id",
            [key(region_id)] if region_id is not None else [],
        )
        return [
            ServiceEntry(
                service_id=UUID(row["service_id"]),
                code=row["code"],
                name=row["name"],
                region_id=UUID(row["region_id"]),
                region_name=row["region_name"] or "",
            )
            for row in rows
        ]

    def themes(self, *, include_retired: bool = False) -> list[ThemeEntry]:
        """The themes on offer, by name; retired ones too with ``include_retired``."""
        where = "" if include_retired else " WHERE retired = 0"
        rows = self.views.query(
            f"SELECT theme_id, code, name, retired FROM {{view_themes}}{where}"
            " ORDER BY LOWER(name), theme_id"
        )
        return [
            ThemeEntry(UUID(row["theme_id"]), row["code"], row["name"], bool(row["retired"]))
            for row in rows
        ]

    def kind_of(self, item_id: UUID) -> str | None:
        """``region``, ``service``, ``theme`` or ``person``; None for any other id."""
        for kind, table, column in KIND_TABLES:
            if self.views.query(f"SELECT 1 FROM {{{table}}} WHERE {column} = ?", (key(item_id),)):
                return kind
        return None

    def name(self, item_id: UUID) -> str:
        """What to call an id on a page: a region's, service's or theme's name, a person's
        name from the directory (as it is now: erased details are never shown), "The
        system" for the programme's own jobs, and "" for anything else."""
        rows = self.views.query(
            "SELECT name FROM {view_services} WHERE service_id = ?"
            " UNION ALL SELECT name FROM {view_themes} WHERE theme_id = ?"
            " UNION ALL SELECT name FROM {view_regions} WHERE region_id = ?",
            (key(item_id),) * 3,
        )
        if rows:
            return str(rows[0]["name"])
        if item_id == SYSTEM_ACTOR:
            return "The system"
        return self.reference.people_names([item_id]).get(item_id, "")

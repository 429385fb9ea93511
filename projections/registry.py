"""Reference data the other views look up at read time: regions, library services, themes,
and each person's roles, library service, themes and account (never names: those are read
from the directory, so that erasure works)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.people import Role
from infrastructure.database import Database, Row, Transaction
from infrastructure.stored_values import id_list, ident, key, marks
from projections.base import EventProjection, on


class RegistryProjection(EventProjection):
    name = "registry"

    def schema(self) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS {view_regions} ("
            " region_id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS {view_services} ("
            " service_id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL,"
            " region_id TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS {view_themes} ("
            " theme_id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL,"
            " retired INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS {view_people} ("
            " person_id TEXT PRIMARY KEY, roles TEXT NOT NULL, service_id TEXT,"
            " theme_ids TEXT NOT NULL, status TEXT NOT NULL, is_expert INTEGER NOT NULL,"
            " is_peer INTEGER NOT NULL, cap_minutes INTEGER, requires_confirmation INTEGER"
            " NOT NULL, nation TEXT NOT NULL DEFAULT 'england_and_wales',"
            " works_bank_holidays INTEGER NOT NULL DEFAULT 0, themes_asked TEXT)",
            "CREATE INDEX IF NOT EXISTS view_people_by_service ON {view_people} (service_id)",
        ]

    def tables(self) -> list[str]:
        return ["view_regions", "view_services", "view_themes", "view_people"]

    @on("expertbank:Region.Registered")
    def region_registered(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "INSERT INTO {view_regions} (region_id, code, name) VALUES (?, ?, ?)",
            (key(e.originator_id), e.code, e.name),
        )

    @on("expertbank:Region.Renamed")
    def region_renamed(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_regions} SET name = ? WHERE region_id = ?",
            (e.name, key(e.originator_id)),
        )

    @on("expertbank:LibraryService.Registered")
    def service_registered(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "INSERT INTO {view_services} (service_id, code, name, region_id) VALUES (?, ?, ?, ?)",
            (key(e.originator_id), e.code, e.name, key(e.region_id)),
        )

    @on("expertbank:LibraryService.Changed")
    def service_changed(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_services} SET name = ?, region_id = ? WHERE service_id = ?",
            (e.name, key(e.region_id), key(e.originator_id)),
        )

    @on("expertbank:Theme.Added")
    def theme_added(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "INSERT INTO {view_themes} (theme_id, code, name, retired) VALUES (?, ?, ?, 0)",
            (key(e.originator_id), e.code, e.name),
        )

    @on("expertbank:Theme.Changed")
    def theme_changed(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_themes} SET name = ? WHERE theme_id = ?", (e.name, key(e.originator_id))
        )

    @on("expertbank:Theme.Retired")
    def theme_retired(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_themes} SET retired = 1 WHERE theme_id = ?", (key(e.originator_id),)
        )

    @on("expertbank:Person.Invited")
    def person_invited(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "INSERT INTO {view_people} (person_id, roles, service_id, theme_ids, status,"
            " is_expert, is_peer, cap_minutes, requires_confirmation)"
            " VALUES (?, ?, ?, ?, 'invited', ?, ?, NULL, 0)",
            (
                key(e.originator_id),
                ",".join(e.roles),
                ident(e.service_id),
                id_list(e.theme_ids),
                int(Role.EXPERT in e.roles),
                int(Role.PEER in e.roles),
            ),
        )

    def _status(self, tx: Transaction, e: Any, status: str) -> None:
        tx.execute(
            "UPDATE {view_people} SET status = ? WHERE person_id = ?",
            (status, key(e.originator_id)),
        )

    @on("expertbank:Person.Activated", "expertbank:Person.Reactivated")
    def person_activated(self, tx: Transaction, e: Any, position: int) -> None:
        self._status(tx, e, "active")

    @on("expertbank:Person.Deactivated")
    def person_deactivated(self, tx: Transaction, e: Any, position: int) -> None:
        self._status(tx, e, "deactivated")

    @on("expertbank:Person.RolesChanged")
    def roles_changed(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_people} SET roles = ?, service_id = ?, is_expert = ?, is_peer = ?"
            " WHERE person_id = ?",
            (
                ",".join(e.roles),
                ident(e.service_id),
                int(Role.EXPERT in e.roles),
                int(Role.PEER in e.roles),
                key(e.originator_id),
            ),
        )

    @on("expertbank:Person.ThemesSet", "expertbank:Person.ThemesApproved")
    def themes_set(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_people} SET theme_ids = ?, themes_asked = NULL WHERE person_id = ?",
            (id_list(e.theme_ids), key(e.originator_id)),
        )

    @on("expertbank:Person.ThemesAsked")
    def themes_asked(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_people} SET themes_asked = ? WHERE person_id = ?",
            (id_list(e.theme_ids) if e.waits else None, key(e.originator_id)),
        )

    @on("expertbank:Person.ThemesDeclined")
    def themes_declined(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_people} SET themes_asked = NULL WHERE person_id = ?",
            (key(e.originator_id),),
        )

    @on("expertbank:Person.PeerSettingsSet")
    def peer_settings_set(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_people} SET cap_minutes = ?, requires_confirmation = ?"
            " WHERE person_id = ?",
            (e.cap_minutes, int(e.requires_confirmation), key(e.originator_id)),
        )

    @on("expertbank:Person.BankHolidaysSet")
    def bank_holidays_set(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_people} SET nation = ?, works_bank_holidays = ? WHERE person_id = ?",
            (e.nation, int(e.works_bank_holidays), key(e.originator_id)),
        )


NamesOf = Callable[[list[UUID]], dict[UUID, str]]
"""Names of people by id, read from the directory."""
TextsOf = Callable[[Iterable[object]], dict[str, str]]
"""What references to free text stand for now (``infrastructure.texts``)."""


@dataclass(frozen=True)
class Names:
    """Names to show for ids: services, regions and themes from the views, people from
    the directory (read now, so that an erased person is never named)."""

    services: dict[UUID, str]
    regions: dict[UUID, str]
    themes: dict[UUID, str]
    people: dict[UUID, str]

    def service(self, service_id: UUID | None) -> str:
        return self.services.get(service_id, "a library service") if service_id else ""

    def theme(self, theme_id: UUID | None) -> str:
        return self.themes.get(theme_id, "a theme") if theme_id else ""

    def person(self, person_id: UUID | None) -> str:
        return self.people.get(person_id, "someone") if person_id else ""


class Reference:
    """Look-ups in the registry view, and people's names from the directory."""

    def __init__(self, views: Database, people_names: NamesOf, texts: TextsOf) -> None:
        self.views = views
        self.people_names = people_names
        self.texts = texts

    def with_texts(self, rows: list[Row], columns: Sequence[str]) -> list[Row]:
        """The rows with each of ``columns`` holding the text its reference stands for
        now (views keep references to free text, never the text)."""
        shown = self.texts(row[column] for row in rows for column in columns)
        if shown:
            for row in rows:
                for column in columns:
                    value = row[column]
                    if value in shown:
                        row[column] = shown[value]
        return rows

    def names(
        self,
        *,
        services: set[UUID] | None = None,
        themes: set[UUID] | None = None,
        people: set[UUID] | None = None,
    ) -> Names:
        """Names for these ids (every region, which are few)."""
        return Names(
            services=self._named("view_services", "service_id", services or set()),
            regions={
                UUID(row["region_id"]): row["name"]
                for row in self.views.query("SELECT region_id, name FROM {view_regions}")
            },
            themes=self._named("view_themes", "theme_id", themes or set()),
            people=self.people_names(list(people or set())),
        )

    def _named(self, table: str, column: str, ids: set[UUID]) -> dict[UUID, str]:
        found: dict[UUID, str] = {}
        wanted = [key(i) for i in ids]
        for offset in range(0, len(wanted), 500):
            chunk = wanted[offset : offset + 500]
            rows = self.views.query(
                f"SELECT {column}, name FROM {{{table}}} WHERE {column} IN ({marks(len(chunk))})",
                chunk,
            )
            found.update({UUID(row[column]): row["name"] for row in rows})
        return found

    def service_of(self, person_id: UUID) -> UUID | None:
        rows = self.views.query(
            "SELECT service_id FROM {view_people} WHERE person_id = ?", (key(person_id),)
        )
        return UUID(rows[0]["service_id"]) if rows and rows[0]["service_id"] else None

"""The resource library: guides, templates and toolkits as last revised, with the theme
and the engagement they came from. A withdrawn resource keeps its row, marked withdrawn."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from infrastructure.database import Database, Transaction
from infrastructure.stored_values import ident, instant, key, maybe_uuid, to_instant
from projections.base import EventProjection, on
from projections.registry import Reference


class ResourcesProjection(EventProjection):
    name = "resources"

    def schema(self) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS {view_resources} ("
            " resource_id TEXT PRIMARY KEY, title TEXT NOT NULL, summary TEXT NOT NULL,"
            " theme_id TEXT NOT NULL, link TEXT NOT NULL, licence TEXT NOT NULL,"
            " engagement_id TEXT, published_by TEXT NOT NULL, status TEXT NOT NULL,"
            " published_at TEXT NOT NULL, changed_at TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS view_resources_by_theme"
            " ON {view_resources} (status, theme_id, published_at)",
        ]

    def tables(self) -> list[str]:
        return ["view_resources"]

    @on("expertbank:Resource.Published")
    def published(self, tx: Transaction, e: Any, position: int) -> None:
        at = instant(e.timestamp)
        tx.execute(
            "INSERT INTO {view_resources} (resource_id, title, summary, theme_id, link, licence,"
            " engagement_id, published_by, status, published_at, changed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'published', ?, ?)",
            (
                key(e.originator_id),
                e.title,
                e.summary,
                key(e.theme_id),
                e.link,
                e.licence,
                ident(e.engagement_id),
                key(e.actor),
                at,
                at,
            ),
        )

    @on("expertbank:Resource.Revised")
    def revised(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_resources} SET title = ?, summary = ?, theme_id = ?, link = ?,"
            " licence = ?, changed_at = ? WHERE resource_id = ?",
            (
                e.title,
                e.summary,
                key(e.theme_id),
                e.link,
                e.licence,
                instant(e.timestamp),
                key(e.originator_id),
            ),
        )

    @on("expertbank:Resource.Withdrawn")
    def withdrawn(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_resources} SET status = 'withdrawn', changed_at = ?"
            " WHERE resource_id = ?",
            (instant(e.timestamp), key(e.originator_id)),
        )


@dataclass(frozen=True)
class ResourceEntry:
    """A published resource as the library lists it: its theme, who published it (their
    name read from the directory now) and the engagement it came from, if any."""

    resource_id: UUID
    title: str
    summary: str
    link: str
    licence: str
    theme_id: UUID
    theme_name: str
    engagement_id: UUID | None
    published_by: UUID
    published_by_name: str
    published_at: datetime
    changed_at: datetime


class ResourceQueries:
    def __init__(self, views: Database, reference: Reference) -> None:
        self.views = views
        self.reference = reference

    def published(self, theme_id: UUID | None = None) -> list[ResourceEntry]:
        """Published resources, newest first; with ``theme_id``, only that theme's."""
        theme = " AND theme_id = ?" if theme_id is not None else ""
        rows = self.views.query(
            f"SELECT * FROM {{view_resources}} WHERE status = 'published'{theme}"
            " ORDER BY published_at DESC, resource_id",
            [key(theme_id)] if theme_id is not None else [],
        )
        names = self.reference.names(
            themes={UUID(row["theme_id"]) for row in rows},
            people={UUID(row["published_by"]) for row in rows},
        )
        return [
            ResourceEntry(
                resource_id=UUID(row["resource_id"]),
                title=row["title"],
                summary=row["summary"],
                link=row["link"],
                licence=row["licence"],
                theme_id=UUID(row["theme_id"]),
                theme_name=names.theme(UUID(row["theme_id"])),
                engagement_id=maybe_uuid(row["engagement_id"]),
                published_by=UUID(row["published_by"]),
                published_by_name=names.person(UUID(row["published_by"])),
                published_at=to_instant(row["published_at"]),
                changed_at=to_instant(row["changed_at"]),
            )
            for row in rows
        ]

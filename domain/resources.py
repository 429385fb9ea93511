"""Resources: guides, templates and toolkits published for every member service."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlparse
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidInput
from domain.lifecycle import require_state
from domain.validation import Problems, chosen, reason_text, text


class ResourceStatus(StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


def check_link(link: str) -> str:
    cleaned = text(link, "the link", field="link", max_length=1000)
    parts = urlparse(cleaned)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput("the link must be a web address starting https://", field="link")
    return cleaned


def checked_content(
    title: str, summary: str, theme_id: UUID | None, link: str, licence: str
) -> dict[str, Any]:
    """What a resource says, validated: the same checks on publishing and revising, every
    problem reported at once."""
    problems = Problems()
    content = {
        "title": problems.check(lambda: text(title, "a title", field="title")),
        "summary": problems.check(
            lambda: text(summary, "a summary", field="summary", max_length=4000, multiline=True)
        ),
        "theme_id": problems.check(lambda: chosen(theme_id, "a theme", field="theme_id")),
        "link": problems.check(lambda: check_link(link)),
        "licence": problems.check(
            lambda: text(licence, "the licence", field="licence", max_length=100)
        ),
    }
    problems.raise_any()
    return content


class Resource(Aggregate):
    """A published resource with its theme and licence, possibly from an engagement."""

    TOPIC = "expertbank:Resource"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:Resource.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:Resource.Created"

    @classmethod
    def publish(
        cls,
        *,
        actor: UUID,
        at: datetime,
        title: str,
        summary: str,
        theme_id: UUID | None,
        link: str,
        licence: str,
        engagement_id: UUID | None,
    ) -> Resource:
        return cls(
            actor=actor,
            timestamp=at,
            engagement_id=engagement_id,
            **checked_content(title, summary, theme_id, link, licence),
        )

    @event("Published", topic="expertbank:Resource.Published")
    def __init__(
        self,
        actor: UUID,
        timestamp: datetime,
        title: str,
        summary: str,
        theme_id: UUID,
        link: str,
        licence: str,
        engagement_id: UUID | None,
    ) -> None:
        self.published_by = actor
        self.title = title
        self.summary = summary
        self.theme_id = theme_id
        self.link = link
        self.licence = licence
        self.engagement_id = engagement_id
        self.status = ResourceStatus.PUBLISHED.value

    def revise(
        self,
        *,
        actor: UUID,
        at: datetime,
        title: str,
        summary: str,
        theme_id: UUID | None,
        link: str,
        licence: str,
    ) -> None:
        require_state("a resource", self.status, {ResourceStatus.PUBLISHED}, "revise")
        self._revised(
            actor=actor, timestamp=at, **checked_content(title, summary, theme_id, link, licence)
        )

    @event("Revised", topic="expertbank:Resource.Revised")
    def _revised(
        self,
        actor: UUID,
        timestamp: datetime,
        title: str,
        summary: str,
        theme_id: UUID,
        link: str,
        licence: str,
    ) -> None:
        self.title = title
        self.summary = summary
        self.theme_id = theme_id
        self.link = link
        self.licence = licence

    def withdraw(self, *, actor: UUID, at: datetime, reason: str) -> None:
        require_state("a resource", self.status, {ResourceStatus.PUBLISHED}, "withdraw")
        self._withdrawn(actor=actor, timestamp=at, reason=reason_text(reason))

    @event("Withdrawn", topic="expertbank:Resource.Withdrawn")
    def _withdrawn(self, actor: UUID, timestamp: datetime, reason: str) -> None:
        self.status = ResourceStatus.WITHDRAWN.value

"""Proving the event log: walk every stored event again, hash it as the chain did, and say
which is the first that does not match, and how (altered, missing, inserted, out of order).

A checkpoint (position and link, written down by an auditor) proves more: the links are
worked out afresh from the events, so a log changed and chained again from the start still
fails at the checkpoint it no longer extends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from infrastructure.clock import Clock
from infrastructure.database import Database, Row
from infrastructure.event_store import EventStore
from infrastructure.stored_values import instant, to_instant
from projections.audit_chain import GENESIS, aggregate_of, chained, digest_of

BATCH = 20_000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Checkpoint:
    """A position in the log and the chain's link there: ``POSITION:HASH``."""

    position: int
    link: str

    def __str__(self) -> str:
        return f"{self.position}:{self.link}"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        position, _, link = text.strip().partition(":")
        link = link.lower()
        if not position.isascii() or not position.isdigit() or int(position) < 1:
            raise ValueError("the position must be a whole number from 1, like 1200:ab12...")
        if len(link) != 64 or any(c not in "0123456789abcdef" for c in link):
            raise ValueError("the hash must be 64 hex digits, as `audit checkpoint` prints it")
        return cls(int(position), link)


@dataclass(frozen=True)
class Problem:
    """The first event that fails, and what is wrong with it."""

    position: int
    aggregate_id: str
    topic: str
    wrong: str

    def describe(self) -> str:
        return f"event {self.position} ({self.topic} of {self.aggregate_id}): {self.wrong}"


@dataclass(frozen=True)
class Verdict:
    head: Checkpoint
    checked: int
    unchained: int
    """Events stored after the chain's head: not chained yet, so not checked."""
    problem: Problem | None


@dataclass(frozen=True)
class Verification:
    at: datetime
    head: Checkpoint
    problem: str | None


class AuditLog:
    """The chain's head, verifying the log against it, and when that was last done."""

    def __init__(self, store: EventStore, database: Database, clock: Clock) -> None:
        self.store = store
        self.database = database
        self.clock = clock

    def head(self) -> Checkpoint:
        rows = self.database.query(
            "SELECT position, link FROM {audit_chain} ORDER BY position DESC LIMIT 1"
        )
        if not rows:
            return Checkpoint(0, GENESIS.hex())
        return Checkpoint(int(rows[0]["position"]), rows[0]["link"])

    def last_verification(self) -> Verification | None:
        rows = self.database.query(
            "SELECT verified_at, position, link, problem FROM {audit_verifications}"
            " ORDER BY verified_at DESC LIMIT 1"
        )
        if not rows:
            return None
        row = rows[0]
        head = Checkpoint(int(row["position"]), row["link"])
        return Verification(to_instant(row["verified_at"]), head, row["problem"])

    def verify(
        self, progress: Progress | None = None, checkpoint: Checkpoint | None = None
    ) -> Verdict:
        """Check every chained event (and ``checkpoint``, if given); record the outcome."""
        head = self.head()
        checked, problem = self._walk(head, progress, checkpoint)
        if problem is None and checkpoint is not None and checkpoint.position > head.position:
            problem = Problem(
                checkpoint.position, "-", "-", "the log has not reached this checkpoint"
            )
        stored = self.store.recorder.max_notification_id() or 0
        verdict = Verdict(head, checked, max(stored - head.position, 0), problem)
        self.database.execute(
            "INSERT INTO {audit_verifications} (verified_at, position, link, problem)"
            " VALUES (?, ?, ?, ?)",
            (
                instant(self.clock.now()),
                head.position,
                head.link,
                problem.describe() if problem else None,
            ),
        )
        return verdict

    def _walk(
        self, head: Checkpoint, progress: Progress | None, checkpoint: Checkpoint | None
    ) -> tuple[int, Problem | None]:
        previous, position, checked = GENESIS, 0, 0
        while position < head.position:
            links = self.database.query(
                "SELECT position, aggregate_id, aggregate_version, topic, digest, link"
                " FROM {audit_chain}"
                " WHERE position > ? ORDER BY position LIMIT ?",
                (position, BATCH),
            )
            last = int(links[-1]["position"])
            events = self.store.recorder.select_notifications(
                start=position + 1, limit=len(links) + 1, stop=last
            )
            for index, link in enumerate(links):
                at = int(link["position"])
                event = events[index] if index < len(events) else None
                if event is None or event.id > at:
                    return checked, _named(link, "missing: deleted from the log")
                if event.id < at:
                    return checked, _event(event, "inserted: the chain never had it")
                digest = digest_of(event)
                if digest.hex() != link["digest"]:
                    return checked, self._changed(event, link)
                previous = chained(previous, at, digest)
                if previous.hex() != link["link"]:
                    return checked, _named(link, "its link in the chain was altered")
                if checkpoint and at == checkpoint.position and previous.hex() != checkpoint.link:
                    return checked, _named(link, f"the log no longer extends {checkpoint}")
                checked += 1
            if (
                checkpoint
                and position < checkpoint.position < last
                and not _has(links, checkpoint.position)
            ):
                return checked, Problem(checkpoint.position, "-", "-", "no event is chained here")
            position = last
            if progress is not None:
                progress(position, head.position)
        return checked, None

    def _changed(self, event: Any, link: Row) -> Problem:
        """An event whose bytes differ from those chained at its position: which way."""
        aggregate = aggregate_of(event)
        version = event.originator_version
        if (aggregate, version) == (link["aggregate_id"], int(link["aggregate_version"])):
            return _event(event, "altered: its stored data differs from what was chained")
        found = self.database.query(
            "SELECT position FROM {audit_chain} WHERE aggregate_id = ? AND aggregate_version = ?",
            (aggregate, version),
        )
        if found:
            return _event(event, f"out of order: it was chained at position {found[0]['position']}")
        return _event(event, "inserted: the chain never had it")


def _has(links: Sequence[Row], position: int) -> bool:
    return any(int(link["position"]) == position for link in links)


def _named(link: Row, wrong: str) -> Problem:
    return Problem(int(link["position"]), link["aggregate_id"], link["topic"], wrong)


def _event(event: Any, wrong: str) -> Problem:
    return Problem(int(event.id), aggregate_of(event), event.topic, wrong)

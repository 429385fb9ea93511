"""The chain that proves the event log was not changed: each stored event hashed with the
one before it, in the order the store numbered them.

A link is SHA-256 over the previous link, the event's position and the digest of its stored
bytes (aggregate id, version, topic and state, exactly as stored). The runner applies this
projection like any view, so the worker chains each event soon after it is stored;
``projections.audit_verify`` walks the events again and compares.
"""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID

from infrastructure.database import Transaction
from projections.runner import Projection

GENESIS = bytes(32)
"""The link before the first event."""


def digest_of(notification: Any) -> bytes:
    """SHA-256 of one event's stored bytes: aggregate id, version, topic and state."""
    head = (
        f"{aggregate_of(notification)}\0{notification.originator_version}\0{notification.topic}\0"
    )
    return hashlib.sha256(head.encode() + bytes(notification.state)).digest()


def chained(previous: bytes, position: int, digest: bytes) -> bytes:
    """The link for the event at ``position``, after the link ``previous``."""
    return hashlib.sha256(previous + position.to_bytes(8, "big") + digest).digest()


def aggregate_of(notification: Any) -> str:
    """The event's aggregate id as 32 hex digits, however the store returned it."""
    originator = notification.originator_id
    return originator.hex if isinstance(originator, UUID) else UUID(str(originator)).hex


class AuditChainProjection(Projection):
    """One row per event: what it was (to name it if it goes) and its digest and link."""

    name = "audit_chain"
    reads_notifications = True

    def __init__(self) -> None:
        self._last: tuple[Transaction, bytes] | None = None

    def schema(self) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS {audit_chain} ("
            " position BIGINT PRIMARY KEY, aggregate_id TEXT NOT NULL,"
            " aggregate_version BIGINT NOT NULL, topic TEXT NOT NULL, digest TEXT NOT NULL,"
            " link TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS audit_chain_by_event"
            " ON {audit_chain} (aggregate_id, aggregate_version)",
            "CREATE TABLE IF NOT EXISTS {audit_verifications} ("
            " verified_at TEXT NOT NULL, position BIGINT NOT NULL, link TEXT NOT NULL,"
            " problem TEXT)",
        ]

    def tables(self) -> list[str]:
        return ["audit_chain"]

    def apply(self, tx: Transaction, event: Any, position: int) -> None:
        digest = digest_of(event)
        link = chained(self._previous(tx, position), position, digest)
        tx.insert(
            "INSERT INTO {audit_chain} (position, aggregate_id, aggregate_version, topic,"
            " digest, link) VALUES (?, ?, ?, ?, ?, ?)",
            (
                position,
                aggregate_of(event),
                event.originator_version,
                event.topic,
                digest.hex(),
                link.hex(),
            ),
        )
        self._last = (tx, link)

    def _previous(self, tx: Transaction, position: int) -> bytes:
        """The last link, remembered within a batch's transaction, else read."""
        if self._last is not None and self._last[0] is tx:
            return self._last[1]
        rows = tx.query(
            "SELECT link FROM {audit_chain} WHERE position < ? ORDER BY position DESC LIMIT 1",
            (position,),
        )
        return bytes.fromhex(rows[0]["link"]) if rows else GENESIS

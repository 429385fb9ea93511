"""Deterministic ids: the same natural key always gives the same aggregate id.

Creating a second aggregate with a natural key already used conflicts on save, which makes
the id itself a uniqueness constraint (one diary per provider and day, one region per code).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from uuid import NAMESPACE_URL, UUID, uuid5

NAMESPACE = uuid5(NAMESPACE_URL, "https://expertbank.invalid/ids")

SYSTEM_ACTOR = UUID(int=0)
"""The actor recorded for what the system does by itself (lapsing holds, seeding)."""


@lru_cache(maxsize=8192)  # a booking asks for its diary's id; hashing it anew is slow
def natural_id(kind: str, *parts: object) -> UUID:
    return uuid5(NAMESPACE, "/".join([kind, *(str(part) for part in parts)]))


def region_id(code: str) -> UUID:
    return natural_id("region", code)


def library_service_id(code: str) -> UUID:
    return natural_id("library-service", code)


def theme_id(code: str) -> UUID:
    return natural_id("theme", code)


def diary_id(provider_id: UUID, day: date) -> UUID:
    return natural_id("diary", provider_id, day.isoformat())


def peer_month_id(provider_id: UUID, month: str) -> UUID:
    return natural_id("peer-month", provider_id, month)

"""Deterministic ids: the same natural key always gives the same aggregate id.

Creating a second aggregate with a natural key already used conflicts on save, which makes
the id itself a uniqueness constraint (one diary per provider and day, one region per code).
And time-ordered ids, for bookings: the aggregates made most often.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from uuid import NAMESPACE_URL, UUID, uuid5

NAMESPACE = uuid5(NAMESPACE_URL, "https://expertbank.invalid/ids")

UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

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


def booking_id(reference: UUID, service_id: UUID) -> UUID:
    """The id of the booking a service asks for with its own ``reference`` (so that a form
    sent twice books once). A time-ordered reference, as the booking form makes, is the id
    as it is: only bookings have such ids, and natural ids never are (they are version 5).
    Any other reference gets an id in a namespace of its own, with the service's, so that a
    client can never choose the id of a diary, a peer's month or any other record."""
    if reference.version == 7:
        return reference
    return natural_id("booking-reference", service_id, reference)


def time_ordered_id(at: datetime) -> UUID:
    """A new id whose first 48 bits are ``at`` in Unix milliseconds and the other 74 of its
    own bits random: the layout of RFC 9562's version 7. Ids made later sort after earlier
    ones, so the store's index on aggregate ids takes each new booking beside the last
    instead of on a random page. With random ids, commits got slower as the store grew
    (measured in docs/benchmarks.md)."""
    millis = (at - UNIX_EPOCH) // timedelta(milliseconds=1)
    if not 0 <= millis < 1 << 48:
        raise ValueError(f"{at} cannot be written in 48 bits of milliseconds")
    noise = secrets.randbits(74)
    return UUID(
        int=(millis << 80)
        | (0x7 << 76)  # version 7
        | ((noise >> 62) << 64)  # 12 random bits
        | (0b10 << 62)  # the RFC's variant
        | (noise & ((1 << 62) - 1))  # 62 random bits
    )

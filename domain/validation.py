"""Small argument checks shared by the aggregates; each names the field at fault."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from domain.errors import InvalidInput


def text(value: object, field: str, *, max_length: int = 200, required: bool = True) -> str:
    """A stripped string of at most ``max_length`` characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text", field=field)
    cleaned = value.strip()
    if required and not cleaned:
        raise InvalidInput(f"enter {field}", field=field)
    if len(cleaned) > max_length:
        raise InvalidInput(f"{field} must be {max_length} characters or fewer", field=field)
    return cleaned


def whole_number(value: object, field: str, *, low: int, high: int, unit: str = "") -> int:
    """An int within ``[low, high]``; the message names the unit and the bounds."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{field} must be a whole number", field=field)
    if not low <= value <= high:
        suffix = f" {unit}" if unit else ""
        raise InvalidInput(f"{field} must be between {low} and {high}{suffix}", field=field)
    return value


def ids(values: Iterable[UUID], field: str, *, required: bool = True) -> list[UUID]:
    """A de-duplicated list of ids, in the order given."""
    unique = list(dict.fromkeys(values))
    if required and not unique:
        raise InvalidInput(f"choose at least one {field}", field=field)
    return unique

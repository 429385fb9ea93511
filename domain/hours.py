"""Hours as people say them; the domain counts minutes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from domain.errors import InvalidInput


def describe_minutes(minutes: int) -> str:
    """``90`` → ``"1.5 hours"``, ``60`` → ``"1 hour"``, ``45`` → ``"45 minutes"``."""
    if minutes < 60:
        return f"{minutes} minutes"
    if minutes == 60:
        return "1 hour"
    hours = minutes / 60
    number = f"{hours:g}" if minutes % 15 == 0 else f"{hours:.2f}"
    return f"{number} hours"


def minutes_from_hours(value: object, label: str, *, field: str, most: int) -> int:
    """Hours typed by a person (``8``, ``7.5``, ``"1.25"``) as whole minutes, refused with a
    message naming ``label`` (and the argument ``field``) if not a number, not positive, or
    over ``most`` hours."""
    if isinstance(value, bool):
        raise InvalidInput(f"{label} must be a number of hours", field=field)
    try:
        hours = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidInput(
            f"{label} must be a number of hours, like 8 or 7.5", field=field
        ) from None
    if not hours.is_finite() or hours <= 0:
        raise InvalidInput(f"{label} must be more than 0 hours", field=field)
    if hours > most:
        raise InvalidInput(f"{label} must be {most} hours or fewer", field=field)
    minutes = hours * 60
    if minutes != minutes.to_integral_value():
        raise InvalidInput(f"{label} must be in whole minutes", field=field)
    return int(minutes)


def half_hours(value: object, label: str, *, field: str, most: int) -> int | float:
    """Hours in whole or half hours, as typed (``8``, ``"7.5"``): a whole number of hours
    as an int, a half as a float."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"enter {label}", field=field)
    try:
        minutes = minutes_from_hours(value, label, field=field, most=most)
    except InvalidInput as problem:
        if "number" in problem.message:
            raise
        raise InvalidInput(f"{label} must be between 0.5 and {most} hours", field=field) from None
    if minutes % 30:
        raise InvalidInput(f"{label} must be in whole or half hours, like 8 or 7.5", field=field)
    return minutes // 60 if minutes % 60 == 0 else minutes / 60

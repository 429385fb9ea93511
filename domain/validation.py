"""Small argument checks shared by the aggregates.

Each takes two names: ``label``, the words a person reads in the message ("a reason"), and
``field``, the name of the service command's argument at fault ("reason"), which a form
uses to put the message next to the right input. They are kept apart on purpose.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar, cast
from uuid import UUID

from domain.errors import InvalidInput, InvalidInputs

T = TypeVar("T")

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Problems:
    """Every argument's refusal collected, so that all are reported at once:
    ``value = problems.check(lambda: text(...))`` for each argument, then ``raise_any()``
    before any value is used (a refused one is ``None``)."""

    def __init__(self) -> None:
        self.found: list[InvalidInput] = []

    def check(self, value: Callable[[], T]) -> T:
        try:
            return value()
        except InvalidInputs as several:
            self.found.extend(several.problems)
        except InvalidInput as one:
            self.found.append(one)
        return cast(T, None)  # never used: raise_any comes first

    def add(self, problem: InvalidInput) -> None:
        self.found.append(problem)

    def raise_any(self) -> None:
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            raise InvalidInputs(self.found)


def chosen(value: T | None, label: str, *, field: str) -> T:
    """Something a person must choose (a theme): refused with "choose ..." if missing."""
    if value is None:
        raise InvalidInput(f"choose {label}", field=field)
    return value


def text(
    value: object,
    label: str,
    *,
    field: str,
    max_length: int = 200,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """A stripped string of at most ``max_length`` characters, every one of which can be
    stored, shown and put in a mail header. A ``multiline`` field (typed in a text area) may
    hold newlines and tabs, its line ends written as ``\\n`` whatever the browser sent; any
    other field is one line: a name, a title, a code."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{label} must be text", field=field)
    cleaned = value.strip()
    if multiline:
        cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")
    _refuse_unusable_characters(cleaned, label, field=field, multiline=multiline)
    if required and not cleaned:
        raise InvalidInput(f"enter {label}", field=field)
    if len(cleaned) > max_length:
        raise InvalidInput(f"{label} must be {max_length} characters or fewer", field=field)
    return cleaned


def reason_text(value: object, label: str = "a reason", *, required: bool = True) -> str:
    """Why someone did something, typed in a text area: any number of lines."""
    return text(value, label, field="reason", max_length=2000, required=required, multiline=True)


ALLOWED_IN_MULTILINE = frozenset("\n\t")
LINE_BREAKS = frozenset(("Zl", "Zp"))  # U+2028 and U+2029: mail and feeds would break there
UNUSABLE = frozenset(("Cc", "Cs"))  # control characters; halves of a surrogate pair alone


def _refuse_unusable_characters(value: str, label: str, *, field: str, multiline: bool) -> None:
    """Control characters (a NUL, which PostgreSQL cannot store; a carriage return, which
    would split a mail header) and lone surrogates (which cannot be written as UTF-8) are
    refused, never removed: the person sees what was wrong and nothing is stored."""
    for character in value:
        if multiline and character in ALLOWED_IN_MULTILINE:
            continue
        category = unicodedata.category(character)
        if not multiline and (category in LINE_BREAKS or character in "\n\r"):
            raise InvalidInput(f"{label} must be on one line", field=field)
        if category in UNUSABLE:
            raise InvalidInput(
                f"{label} contains a character that cannot be used here "
                f"(U+{ord(character):04X}): remove it and try again",
                field=field,
            )


def slug(value: object, label: str, *, field: str, max_length: int = 60) -> str:
    """A code in lowercase letters, digits and single hyphens (``east-midlands``): typed
    capitals are lowered, so ``Derby`` and ``derby`` are the same code."""
    cleaned = text(value, label, field=field, max_length=max_length).lower()
    if not SLUG.fullmatch(cleaned):
        raise InvalidInput(
            f"{label} may use only letters, digits and single hyphens, like east-midlands",
            field=field,
        )
    return cleaned


def whole_number(
    value: object, label: str, *, field: str, low: int, high: int, unit: str = ""
) -> int:
    """An int within ``[low, high]``; the message names the unit and the bounds."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{label} must be a whole number", field=field)
    if not low <= value <= high:
        suffix = f" {unit}" if unit else ""
        raise InvalidInput(f"{label} must be between {low} and {high}{suffix}", field=field)
    return value


def ids(values: Iterable[UUID], label: str, *, field: str, required: bool = True) -> list[UUID]:
    """A de-duplicated list of ids, in the order given."""
    unique = list(dict.fromkeys(values))
    if required and not unique:
        raise InvalidInput(f"choose at least one {label}", field=field)
    return unique

"""What a password must be: at least 12 characters, not one of the most common passwords
(nor one with only digits or symbols added to it), and not the person's own name or email.

``data/common-passwords.txt.gz`` is the list of 20,000 common passwords that Django ships
(BSD licence; made by Royce Williams from breached passwords, lower-cased), one a line.
"""

from __future__ import annotations

import functools
import gzip
import re
from importlib.resources import files

from domain.errors import InvalidInput

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
SHORTEST_NAME_PART = 4  # "ann" is in "planning" by chance; "alice" in a password is not
_ADDED = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_PARTS = re.compile(r"[\W_]+")


def check_strength(password: str, *, name: str = "", email: str = "") -> None:
    """Refuse (InvalidInput on ``password``) a password that is easy to guess."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise _refused(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise _refused(f"the password must be {MAX_PASSWORD_LENGTH} characters or fewer")
    lowered = password.lower()
    if lowered in _common() or _ADDED.sub("", lowered) in _common():
        raise _refused(
            "that password is one of the most common, which are tried first: "
            "choose another, such as three or four unrelated words"
        )
    if any(part in lowered for part in _own_words(name, email)):
        raise _refused("the password must not contain your name or email address")


def _own_words(name: str, email: str) -> set[str]:
    """The person's name and email, whole and in parts long enough to matter."""
    local, _, _ = email.lower().partition("@")
    words = {*_PARTS.split(name.lower()), *_PARTS.split(local)}
    whole = {_PARTS.sub("", name.lower()), email.lower()}
    return {w for w in words | whole if len(w) >= SHORTEST_NAME_PART}


@functools.cache
def _common() -> frozenset[str]:
    data = files("service").joinpath("data", "common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode().split())


def _refused(message: str) -> InvalidInput:
    return InvalidInput(message, field="password")

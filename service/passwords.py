"""What a password must be."""

from __future__ import annotations

from domain.errors import InvalidInput

MIN_PASSWORD_LENGTH = 10


def check_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if len(password) > 256:
        raise InvalidInput("the password must be 256 characters or fewer", field="password")

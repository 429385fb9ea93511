"""Password hashing (Argon2id) and one-time tokens. Only hashes are ever stored."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.errors import InvalidInput

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


def check_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if len(password) > 256:
        raise InvalidInput("the password must be 256 characters or fewer", field="password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

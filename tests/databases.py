"""Real databases for tests: an SQLite file per test, a fresh PostgreSQL schema per test.

PostgreSQL is found at ``EXPERTBANK_TEST_POSTGRES`` (default: the local server's ``test``
database). Outside CI an unreachable server skips its tests with the reason; with
``CI=true`` it fails them, so that CI can never pass without having run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

POSTGRES_URL = os.environ.get(
    "EXPERTBANK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)


def postgres_unreachable_reason() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e '.[dev]')"
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except psycopg.OperationalError as error:
        return f"PostgreSQL is not reachable at {POSTGRES_URL}: {str(error).strip()}"


def require_postgres() -> None:
    reason = postgres_unreachable_reason()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the PostgreSQL tests, but {reason}")
    pytest.skip(reason)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A new empty schema; yields the database URL that selects it. Dropped afterwards."""
    import psycopg

    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES_URL}?schema={schema}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextmanager
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """'' for SQLite (the data dir decides the file), or a PostgreSQL URL."""
    if backend == "sqlite":
        yield ""
    else:
        with postgres_schema() as url:
            yield url

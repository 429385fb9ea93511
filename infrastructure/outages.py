"""Which errors say the database is down or busy for the moment, rather than that
something is wrong with what was asked: worth trying again as it is, and for a person,
"try again in a minute" (HTTP 503), never a fault of theirs or a bug of ours."""

from __future__ import annotations

import functools
import sqlite3
import sys
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from eventsourcing.persistence import InterfaceError, OperationalError

P = ParamSpec("P")
R = TypeVar("R")


def is_transient(error: BaseException) -> bool:
    """Whether ``error`` says the database could not be reached or was busy (worth trying
    again as it is), not that a statement or one of its values was refused."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    if isinstance(error, sqlite3.OperationalError):
        return "locked" in str(error) or "busy" in str(error)
    psycopg = sys.modules.get("psycopg")  # not loaded: the error is none of its
    return psycopg is not None and isinstance(
        error, psycopg.OperationalError | psycopg.InterfaceError
    )


def waited_for_a_connection(error: BaseException) -> bool:
    """Whether ``error`` is the pool's: no connection could be had in time (the server is
    away, or every connection is busy). Trying again at once would only wait again."""
    pool = sys.modules.get("psycopg_pool")
    causes = (error, error.__cause__)
    return pool is not None and any(isinstance(cause, pool.PoolTimeout) for cause in causes)


def retry_lost_connections(
    attempts: int = 10, wait: float = 0.2
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Like the library's ``retry((InterfaceError, OperationalError), ...)``: a call whose
    connection was lost is made again, ``wait`` seconds later, up to ``attempts`` times in
    all. Except after waiting in vain for a connection: the server is away, and each
    attempt would wait as long again (a request would hang for minutes, not get its 503)."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def attempt(*args: P.args, **kwargs: P.kwargs) -> R:
            for number in range(1, attempts + 1):
                try:
                    return function(*args, **kwargs)
                except (InterfaceError, OperationalError) as error:
                    if number == attempts or waited_for_a_connection(error):
                        raise
                    time.sleep(wait)
            raise AssertionError("attempts must be at least 1")

        return attempt

    return decorate

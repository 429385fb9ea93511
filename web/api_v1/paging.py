"""Lists a page at a time: a stable order, at most ``limit`` items, and the address of the
next page with an opaque cursor (``after``) where the last item left off."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from flask import request, url_for

from domain.errors import InvalidInput

T = TypeVar("T")


def by_time(at: datetime | None, item_id: UUID) -> str:
    """An order key: by time (UTC, so that text order is time order), then by id."""
    moment = at.astimezone(UTC).isoformat() if at else ""
    return f"{moment}|{item_id.hex}"


def page(items: Iterable[T], key: Callable[[T], str], query: dict[str, Any]) -> dict[str, Any]:
    """The page of ``items`` (ordered by ``key``, unique per item) that ``query``'s ``limit``
    and ``after`` ask for, with ``next``: this address for the page after it, or None."""
    after = _decoded(query.get("after"))
    ordered = sorted(((key(item), item) for item in items), key=lambda pair: pair[0])
    rest = [(k, item) for k, item in ordered if after is None or k > after]
    limit = query["limit"]
    shown = rest[:limit]
    following = next_address(_encoded(shown[-1][0])) if len(rest) > limit else None
    return {"items": [item for _, item in shown], "next": following}


def next_address(cursor: object) -> str:
    """This request's address with ``after=cursor``: where the next page is."""
    args: dict[str, Any] = {**(request.view_args or {}), **request.args.to_dict()}
    return url_for(str(request.endpoint), **{**args, "after": cursor})


def _encoded(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def _decoded(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidInput(
            "after must be the cursor from a page's next address", field="after"
        ) from None

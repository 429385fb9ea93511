"""Links that keep what the page shows: an export carries every filter of its page."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request


def with_filters(url: str, leave_out: tuple[str, ...] = ("page",)) -> str:
    """``url`` with every query parameter of the page shown (each value of a repeated one,
    like a date's three boxes), less ``leave_out`` (an export holds every page, not the one
    shown)."""
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in leave_out]
    return f"{url}?{urlencode(kept)}" if kept else url

"""Reading a page's tables and links as a person would, for comparing them with exports."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = frozenset({"br", "img", "input", "hr", "meta", "link", "wbr"})


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: list[str] | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._hidden = 0
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in VOID:
            return
        if self._hidden or "govuk-visually-hidden" in classes.split():
            self._hidden += 1
        if tag == "table":
            self._rows, self._caption = [], None
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._hidden and tag not in VOID:
            self._hidden -= 1
        if tag == "caption" and self._caption is not None:
            self._name = _text(self._caption)
        elif tag in ("td", "th") and self._cell is not None and self._rows:
            self._rows[-1].append(_text(self._cell))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[getattr(self, "_name", "")] = [row for row in self._rows if row]
            self._rows = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell.append(data)
        if self._caption is not None and self._rows is not None and self._cell is None:
            self._caption.append(data)


def _text(parts: list[str]) -> str:
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def tables(page: str) -> dict[str, list[list[str]]]:
    """Every table of the page by its caption (hidden captions included), as rows of cell
    text (the header row first); text hidden from sight inside cells is left out."""
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def table(page: str, caption: str) -> list[list[str]]:
    found = tables(page)
    assert caption in found, f"no table {caption!r} in {list(found)}"
    return found[caption]


def link(page: str, text: str) -> str:
    """The address of the link whose text is ``text`` (entities in it decoded)."""
    found = re.search(rf'<a [^>]*href="([^"]+)"[^>]*>\s*{re.escape(text)}\s*<', page)
    assert found, f"no link {text!r}"
    return found.group(1).replace("&amp;", "&")

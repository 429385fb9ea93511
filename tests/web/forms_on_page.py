"""The fields of a page's form as a browser would send them, read from its HTML."""

from __future__ import annotations

from html.parser import HTMLParser

UNCHECKED = "\0unchecked:"


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._chosen: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._fields = []
            self.forms.append((a.get("method", "get").lower(), self._fields))
        if self._fields is None or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                self._fields.append((a["name"], UNCHECKED + a.get("value", "")))
            else:
                self._fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self._fields.append((a["name"], ""))
        elif tag == "select":
            self._select, self._chosen = a["name"], None
        elif (
            tag == "option"
            and self._select is not None
            and (self._chosen is None or "selected" in a)
        ):
            self._chosen = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self._fields:
            name, value = self._fields[-1]
            self._fields[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._fields is not None and self._select is not None:
            self._fields.append((self._select, self._chosen or ""))
            self._select = None
        elif tag == "form":
            self._fields = None


def form_fields(page: str, method: str = "post") -> list[tuple[str, str]]:
    """The (name, value) pairs of the page's largest form sent by ``method``: checked
    boxes, or the first of a group when none is; selected options; text as shown."""
    parser = _Forms()
    parser.feed(page)
    forms = [fields for kind, fields in parser.forms if kind == method]
    fields = max(forms, key=len, default=[])
    sent = {name for name, value in fields if not value.startswith(UNCHECKED)}
    chosen: list[tuple[str, str]] = []
    for name, value in fields:
        if value.startswith(UNCHECKED):
            if name in sent:
                continue
            sent.add(name)  # the first of a group of which none is checked
            value = value.removeprefix(UNCHECKED)
        chosen.append((name, value))
    return chosen

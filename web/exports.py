"""CSV downloads: one shape for every export, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from flask import Response

from service.extracts import FIELDS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_download(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    """A CSV attachment."""
    return Response(
        "".join(csv_lines(header, rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """CSV text, a few hundred rows at a time. Text that a spreadsheet would run as a formula
    (typed by someone into a name or a note) is written with a leading apostrophe, so it
    reads as text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for number, row in enumerate(rows, start=1):
        writer.writerow([_cell(value) for value in row])
        if number % 500 == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def record_lines(kind: str, records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """Records of ``service.extracts`` as CSV (``csv``) or as JSON Lines (``jsonl``)."""
    if kind == "jsonl":
        return (json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return csv_lines(list(FIELDS.values()), ([r[key] for key in FIELDS] for r in records))


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value

"""Exporting part of the record: a library service's, a region's or the whole programme's
history between two days, as CSV or JSON Lines, for programme staff and auditors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from domain.errors import ExpertBankError, InvalidInput
from web.current import actor, bank, needs, read_models
from web.exports import record_lines
from web.forms.errors import show_error
from web.forms.fields import choices
from web.forms.staff import ExtractForm

blueprint = Blueprint("extracts", __name__)
READERS = ("programme_staff", "auditor")


@blueprint.get("/history/export")
@needs(*READERS)
def extract() -> ResponseReturnValue:
    """The form; once sent and accepted, the file."""
    form = ExtractForm(request.args)
    registry = read_models().registry
    form.service_id.choices = choices(
        [("", "Any"), *((s.service_id, s.name) for s in registry.services())]
    )
    form.region_id.choices = choices(
        [("", "Any"), *((r.region_id, r.name) for r in registry.regions())]
    )
    if "format" in request.args and form.validate():
        try:
            found = bank().extracts.of(
                actor(),
                service_id=_id(form.service_id.data, "service_id"),
                region_id=_id(form.region_id.data, "region_id"),
                since=form.since.data,
                until=form.until.data,
            )
        except ExpertBankError as error:
            show_error(form, error)
        else:
            return _download(found.filename, form.format.data, bank().extracts.records(found))
    return render_template("audit/extract.html", title="Export part of the record", form=form)


def _id(text: str | None, field: str) -> UUID | None:
    if not text:
        return None
    try:
        return UUID(text)
    except ValueError:
        raise InvalidInput("choose one from the list", field=field) from None


def _download(name: str, kind: str, records: Iterator[dict[str, Any]]) -> Response:
    return Response(  # sent as written: it reads views only, needing no request context
        record_lines(kind, records),
        mimetype="application/jsonl" if kind == "jsonl" else "text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}.{kind}"},
    )

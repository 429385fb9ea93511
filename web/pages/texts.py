"""Free text on request: programme staff see the texts written in a record (from its
history) and remove one, with a reason; the history then says when in its place."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from web.current import actor, bank, needs, read_models
from web.forms.errors import attempt
from web.forms.requests import ReasonForm

blueprint = Blueprint("texts", __name__)
STAFF = "programme_staff"


@blueprint.get("/history/<uuid:record_id>/texts")
@needs(STAFF)
def of_record(record_id: UUID) -> ResponseReturnValue:
    texts = bank().texts.of_record(actor(), record_id)
    return render_template(
        "audit/texts.html",
        title="Text written in this record",
        record_id=record_id,
        kind=read_models().history.kind_of(record_id),
        texts=texts,
    )


@blueprint.route("/history/texts/<text_id>/remove", methods=["GET", "POST"])
@needs(STAFF)
def remove(text_id: str) -> ResponseReturnValue:
    """Remove one text on request, after a page saying what goes and what stays."""
    text, form = bank().texts.text(actor(), text_id), ReasonForm()
    form.reason.label.text = "Why is it being removed?"
    form.reason.description = "For example: it names a third party, who asked for it to go."
    command = bank().texts.remove
    if attempt(form, lambda: command(actor(), text_id, reason=form.reason.data or ""))[0]:
        flash("The text is removed. The history shows when, in its place.", "success")
        return redirect(url_for("texts.of_record", record_id=text.record_id))
    return render_template(
        "audit/remove_text.html",
        title="Remove a text",
        form=form,
        text=text,
        note=bank().texts.note_if_removed_now(),
    )

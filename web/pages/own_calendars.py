"""Experts' and peers' own calendars: connect, change, read now, disconnect; keep a session
that clashes with one. Shown as a section of the availability page, and clashes on the
home page."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue

from projections.calendars import CalendarEntry
from web.current import actor, bank, needs, read_models
from web.forms.calendars import CalendarForm, ChangeCalendarForm
from web.forms.errors import attempt, press

blueprint = Blueprint("own_calendars", __name__)
PROVIDERS = ("expert", "peer")
CONNECTION_FIELDS = {"kind": "kind", "label": "label", "address": "address"}


@blueprint.route("/provider/calendars/new", methods=["GET", "POST"])
@needs(*PROVIDERS)
def connect() -> ResponseReturnValue:
    form = CalendarForm()
    done, _ = attempt(
        form,
        lambda: bank().own_calendars.connect(
            actor(),
            actor(),
            kind=form.kind.data or "",
            label=form.label.data or "",
            address=form.address.data or "",
            username=form.username.data or "",
            password=form.password.data or "",
        ),
        CONNECTION_FIELDS,
    )
    if done:
        flash("Your calendar is connected: its busy times now block your free time.", "success")
        return redirect(url_for("providers.availability"))
    return render_template("providers/calendar_connect.html", title="Connect a calendar", form=form)


@blueprint.route("/provider/calendars/<uuid:connection_id>/change", methods=["GET", "POST"])
@needs(*PROVIDERS)
def change(connection_id: UUID) -> ResponseReturnValue:
    entry = _own(connection_id)
    form = ChangeCalendarForm()
    form.kind.data = entry.kind
    if not form.is_submitted():
        form.label.data = entry.label
    done, _ = attempt(
        form,
        lambda: bank().own_calendars.change(
            actor(),
            connection_id,
            label=form.label.data or "",
            address=form.address.data or "",
            username=form.username.data or "",
            password=form.password.data or "",
        ),
        CONNECTION_FIELDS,
    )
    if done:
        flash("Your calendar is saved.", "success")
        return redirect(url_for("providers.availability"))
    return render_template(
        "providers/calendar_change.html", title="Change a calendar", form=form, entry=entry
    )


@blueprint.post("/provider/calendars/<uuid:connection_id>/refresh")
@needs(*PROVIDERS)
def refresh(connection_id: UUID) -> ResponseReturnValue:
    done, outcome = press(lambda: bank().own_calendars.refresh_now(actor(), connection_id))
    if done and outcome is not None and outcome.read:
        flash(f"Your calendar was read just now: {_busy_times(outcome.busy_count)}.", "success")
    elif done and outcome is not None:
        flash(f"Your calendar could not be read: {outcome.failure}.", "error")
    return redirect(url_for("providers.availability") + "#own-calendars")


@blueprint.post("/provider/calendars/<uuid:connection_id>/disconnect")
@needs(*PROVIDERS)
def disconnect(connection_id: UUID) -> ResponseReturnValue:
    if press(lambda: bank().own_calendars.disconnect(actor(), connection_id))[0]:
        flash("The calendar is disconnected: its busy times no longer count.", "success")
    return redirect(url_for("providers.availability") + "#own-calendars")


@blueprint.post("/provider/clashes/<uuid:clash_id>/keep")
@needs(*PROVIDERS)
def keep_clash(clash_id: UUID) -> ResponseReturnValue:
    if press(lambda: bank().own_calendars.keep_clash(actor(), clash_id))[0]:
        flash("The session stays as it is.", "success")
    return redirect(url_for("home.dashboard"))


@blueprint.get("/demo/calendars/<name>.ics")
def demo_calendar(name: str) -> ResponseReturnValue:
    """The demo's own calendar files (``expertbank demo`` writes them into the data
    folder), so that the demo shows busy times without reaching the internet."""
    folder = (bank().settings.data_dir / "demo-calendars").resolve()
    path = (folder / f"{name}.ics").resolve()
    if path.parent != folder or not path.is_file():
        abort(404)
    return send_file(Path(path), mimetype="text/calendar", etag=True, conditional=True)


def _own(connection_id: UUID) -> CalendarEntry:
    """One of the person's own connected calendars; anyone else's is not found."""
    found = [
        e
        for e in read_models().own_calendars.of_provider(actor())
        if e.connection_id == connection_id
    ]
    if not found:
        abort(404)
    return found[0]


def _busy_times(count: int) -> str:
    if count == 0:
        return "no busy times ahead"
    return f"{count} busy time{'s' if count > 1 else ''} ahead"

"""Histories, read-only: every event in order with who and when, as of any moment."""

from __future__ import annotations

from datetime import datetime, time
from uuid import UUID

from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from domain.errors import InvalidInput
from domain.time import london_instant
from projections.history_fold import HistoryEntry
from web.current import actor, bank, needs, read_models
from web.display import london, name_of
from web.exports import csv_download
from web.forms.errors import show_error
from web.forms.fields import choices
from web.forms.staff import AsOfForm, ProgrammeHistoryForm
from web.links import with_filters

blueprint = Blueprint("audit", __name__)
READERS = ("programme_staff", "auditor")
END_OF_DAY = time(23, 59, 59)
KIND_LABELS = {
    "requests": "Requests",
    "engagements": "Engagements",
    "bookings": "Bookings and sessions",
    "availability": "Availability and calendars",
    "people": "People and accounts",
    "registry": "Services, regions and themes",
    "resources": "Resources",
}
EXPORTED = ["position", "time (UK)", "time (UTC)", "who", "kind", "subject id", "what"]


@blueprint.get("/history")
@needs(*READERS)
def history() -> ResponseReturnValue:
    """Choose whose history; then read it, as of any moment."""
    return _render(_as_of_form(), _subject())


@blueprint.get("/history/find")
@needs(*READERS)
def find() -> ResponseReturnValue:
    """Find whose history to read: a library service (or a region's), a person, a request,
    an engagement or a booking, by any part of a name or a theme."""
    words = request.args.get("q", "")
    found = read_models().subjects.find(words)
    return render_template("audit/find.html", title="Find a history", words=words, found=found)


@blueprint.get("/history/programme")
@needs(*READERS)
def programme_history() -> ResponseReturnValue:
    """Every event of the programme, a page at a time, newest or oldest first, filtered by
    kind of event and by dates (UK days, both included)."""
    form = ProgrammeHistoryForm(request.args)
    form.kind.choices = choices([("", "Every kind"), *KIND_LABELS.items()])
    page = None
    if form.validate():
        since, until = form.since.data, form.until.data
        try:
            page = read_models().history.programme(
                newest_first=form.order.data != "oldest",
                kind=form.kind.data or None,
                since=london_instant(since, time(0)) if since else None,
                until=london_instant(until, END_OF_DAY) if until else None,
                after=_position(request.args.get("after")),
            )
        except InvalidInput as error:
            show_error(form, error)
    more = None
    if page and page.next_after is not None:
        here = with_filters(url_for("audit.programme_history"), leave_out=("after",))
        more = f"{here}{'&' if '?' in here else '?'}after={page.next_after}"
    return render_template(
        "audit/programme.html",
        title="History of the whole programme",
        form=form,
        page=page,
        more=more,
    )


@blueprint.get("/history/proof")
@needs(*READERS)
def proof() -> ResponseReturnValue:
    """The chain's head position and hash, to write down, and when the log was last verified."""
    audit_log = read_models().audit
    return render_template(
        "audit/proof.html",
        title="Proof of the record",
        head=audit_log.head(),
        verified=audit_log.last_verification(),
    )


def _position(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


@blueprint.get("/services/<uuid:service_id>/history")
def service_history(service_id: UUID) -> ResponseReturnValue:
    """A service's own staff see their service's history; oversight roles see any."""
    bank().registry.service_for_history(actor(), service_id)
    return _render(_as_of_form(), service_id)


@blueprint.get("/history.csv")
@needs(*READERS)
def export() -> ResponseReturnValue:
    form, subject = _as_of_form(), _subject()
    if subject is None:
        abort(404)
    entries = read_models().history.of(subject, _moment(form)).entries
    return csv_download("expertbank-history.csv", EXPORTED, map(_exported, entries))


def _exported(e: HistoryEntry) -> list[object]:
    who = name_of(e.actor_id)  # looked up once per person, however many rows
    return [e.position, london(e.at), e.at.isoformat(), who, e.kind, e.aggregate_id, e.sentence]


def _render(form: AsOfForm, subject: UUID | None) -> ResponseReturnValue:
    moment = _moment(form)
    found = read_models().history.of(subject, moment) if subject else None
    return render_template(
        "audit/history.html",
        title="History",
        form=form,
        subject=subject,
        moment=moment,
        found=found,
        entries=list(reversed(found.entries)) if found else [],
    )


def _as_of_form() -> AsOfForm:
    form = AsOfForm(request.args)
    if not current_user.has(*READERS) or "subject" not in request.args:
        del form.subject
    if request.args:  # asked for something: say what is wrong with it (a first visit asks nothing)
        form.validate()
    return form


def _subject() -> UUID | None:
    try:
        return UUID(request.args.get("subject", ""))
    except ValueError:
        return None


def _moment(form: AsOfForm) -> datetime | None:
    """The moment asked for, in UK time; an empty time means the end of that day."""
    if form.as_of_date.data is None or form.as_of_date.errors:
        return None
    wall = END_OF_DAY
    if (form.as_of_time.data or "").strip():
        try:
            wall = time.fromisoformat(form.as_of_time.data.strip())
        except ValueError:
            form.as_of_time.errors = ["Time must be on the 24-hour clock, like 09:00"]
            return None
    return london_instant(form.as_of_date.data, wall)

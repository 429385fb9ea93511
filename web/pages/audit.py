"""Histories, read-only: every event in order with who and when, as of any moment."""

from __future__ import annotations

import csv
import io
from datetime import datetime, time
from uuid import UUID

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from domain.time import london_instant
from web.current import bank, lists, me, needs
from web.display import london
from web.forms.fields import choices
from web.forms.staff import AsOfForm
from web.lists import Lists

blueprint = Blueprint("audit", __name__)
READERS = ("programme_staff", "auditor")
END_OF_DAY = time(23, 59, 59)


@blueprint.get("/history")
@needs(*READERS)
def history() -> ResponseReturnValue:
    form, subject = _as_of_form(), _subject()
    moment = _moment(form)
    return _render(form, subject, moment)


@blueprint.get("/services/<uuid:service_id>/history")
def service_history(service_id: UUID) -> ResponseReturnValue:
    """A service's own staff see their service's history; oversight roles see any."""
    bank().registry.service(service_id)
    if not current_user.has(*READERS) and me().service_id != service_id:
        abort(403)
    form = _as_of_form()
    return _render(form, service_id, _moment(form))


@blueprint.get("/history.csv")
@needs(*READERS)
def export() -> ResponseReturnValue:
    form, subject = _as_of_form(), _subject()
    source = _source(_moment(form))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["position", "time (UK)", "time (UTC)", "who", "kind", "subject id", "what"])
    for e in source.history(subject):
        writer.writerow(
            [
                e.position,
                london(e.at),
                e.at.isoformat(),
                source.name(e.actor_id),
                e.kind,
                e.subject_id,
                e.what,
            ]
        )
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=expertbank-history.csv"},
    )


def _render(form: AsOfForm, subject: UUID | None, moment: datetime | None) -> ResponseReturnValue:
    source = _source(moment)
    service = subject if subject in {s.id for s in source.services()} else None
    return render_template(
        "audit/history.html",
        title="History",
        form=form,
        subject=subject,
        moment=moment,
        entries=list(reversed(source.history(subject))),
        state=_state(source, service) if service else None,
        lists_name=source.name,
    )


def _state(source: Lists, service_id: UUID) -> dict[str, object]:
    return {
        "requests": source.requests(service_id=service_id),
        "engagements": source.engagements(service_id=service_id),
        "bookings": source.bookings(service_id=service_id),
    }


def _source(moment: datetime | None) -> Lists:
    return lists().as_of(moment) if moment else lists()


def _as_of_form() -> AsOfForm:
    form = AsOfForm(request.args)
    subjects = [("", "Everything")] + [(s.id, s.name) for s in lists().services()]
    subjects += [(p.id, f"{p.name} (person)") for p in lists().people()]
    form.subject.choices = choices(subjects)
    if not current_user.has(*READERS):
        del form.subject
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

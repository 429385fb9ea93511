"""Dashboards for programme staff and auditors: the programme's figures (and their CSV),
and each region's demand, supply and unmet need."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from domain.errors import InvalidInput
from domain.requests import RequestState
from projections.stats import ProgrammeStats
from web.current import actor, bank, needs, read_models
from web.exports import csv_download
from web.forms.errors import show_error
from web.forms.staff import FiguresForm

blueprint = Blueprint("dashboards", __name__, url_prefix="/staff")
READERS = ("programme_staff", "auditor")
STATES = [state.value for state in RequestState]
FIGURES = [  # each header once; the README's "Figures" table says what each counts
    "month",
    "theme",
    "region",
    *(f"requests now {state}" for state in STATES),
    "requests ever matched",
    "average days to match",
    "expert hours allocated",
    "expert hours booked",
    "expert hours used",
    "expert sessions held",
    "peer sessions held",
    "expert no-shows",
    "peer no-shows",
    "ratings (expert and peer)",
    "average rating (expert and peer)",
]


@blueprint.get("/programme")
@needs(*READERS)
def programme() -> ResponseReturnValue:
    return _programme(FiguresForm(formdata=None))


@blueprint.get("/programme.csv")
@needs(*READERS)
def figures() -> ResponseReturnValue:
    """The programme's figures by theme, region and month, from and until the months asked."""
    form = FiguresForm(request.args)
    if form.validate():
        try:
            lines = bank().oversight.programme(
                actor(), first_month=form.first_month.month, last_month=form.last_month.month
            )
        except InvalidInput as error:
            show_error(form, error)
        else:
            return csv_download("expertbank-figures.csv", FIGURES, map(_row, lines))
    return _programme(form)


def _programme(form: FiguresForm) -> ResponseReturnValue:
    oversight = bank().oversight
    return render_template(
        "staff/programme.html",
        title="Programme dashboard",
        form=form,
        by_theme=oversight.programme(actor(), by=("theme",)),
        by_region=oversight.programme(actor(), by=("region",)),
        peer_hours=oversight.peer_hours(actor()),
        regions=read_models().registry.regions(),
    )


def _row(line: ProgrammeStats) -> list[object]:
    return [
        line.month,
        line.theme_name,
        line.region_name,
        *(line.requests_by_state.get(state, 0) for state in STATES),
        line.requests_matched,
        line.average_days_to_match,
        _hours(line.minutes_allocated),
        _hours(line.minutes_booked),
        _hours(line.minutes_used),
        line.expert_sessions_held,
        line.peer_sessions_held,
        line.expert_no_shows,
        line.peer_no_shows,
        line.ratings,
        line.average_rating,
    ]


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


@blueprint.get("/regions/<uuid:region_id>")
@needs(*READERS)
def region(region_id: UUID) -> ResponseReturnValue:
    dashboard = bank().oversight.region(actor(), region_id)
    return render_template("staff/region.html", title=dashboard.region.name, d=dashboard)

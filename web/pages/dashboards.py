"""Dashboards for programme staff and auditors: the programme's charts and each region's
(demand, supply and unmet need), filtered by months and theme; each chart's table and the
programme's figures as CSV, with the same filters."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from domain.errors import InvalidInput
from domain.requests import RequestState
from projections.stats import ProgrammeStats
from service.figures import Figure
from web.current import actor, bank, needs, read_models
from web.exports import csv_download
from web.forms.errors import show_error
from web.forms.fields import choices, optional_id
from web.forms.staff import DashboardForm

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
    form = dashboard_form()
    return _programme(form, _figures(form))


@blueprint.get("/programme/<slug>.csv")
@needs(*READERS)
def programme_figure(slug: str) -> ResponseReturnValue:
    """One chart's table, as the dashboard shows it with the same filters."""
    form = dashboard_form()
    return _figure_csv(form, _figures(form), slug) or _programme(form, None)


@blueprint.get("/programme.csv")
@needs(*READERS)
def figures() -> ResponseReturnValue:
    """The programme's figures by theme, region and month, with the dashboard's filters."""
    form = dashboard_form()
    if form.validate():
        try:
            lines = bank().oversight.programme(
                actor(),
                first_month=form.first_month.month,
                last_month=form.last_month.month,
                theme_id=optional_id(form.theme_id.data),
            )
        except InvalidInput as error:
            show_error(form, error)
        else:
            return csv_download("expertbank-figures.csv", FIGURES, map(_row, lines))
    return _programme(form, None)


def _programme(form: DashboardForm, shown: list[Figure] | None) -> ResponseReturnValue:
    return render_template(
        "staff/programme.html",
        title="Programme dashboard",
        form=form,
        shown=shown,
        regions=read_models().registry.regions(),
    )


def dashboard_form() -> DashboardForm:
    form = DashboardForm(request.args)
    form.theme_id.choices = choices(
        [("", "Every theme"), *((t.theme_id, t.name) for t in read_models().registry.themes())]
    )
    return form


def _figures(form: DashboardForm, region_id: UUID | None = None) -> list[Figure] | None:
    """The dashboard's charts with the form's filters; None, the form saying why, when the
    filters cannot be used."""
    if not form.validate():
        return None
    try:
        return bank().oversight.figures(
            actor(),
            first_month=form.first_month.month,
            last_month=form.last_month.month,
            theme_id=optional_id(form.theme_id.data),
            region_id=region_id,
        )
    except InvalidInput as error:
        show_error(form, error)
        return None


def _figure_csv(
    form: DashboardForm, shown: list[Figure] | None, slug: str
) -> ResponseReturnValue | None:
    if shown is None:
        return None
    figure = next((f for f in shown if f.slug == slug), None)
    if figure is None:
        abort(404)
    header, *rows = figure.table()
    return csv_download(f"expertbank-{slug}.csv", header, rows)


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
    form = dashboard_form()
    return _region(region_id, form, _figures(form, region_id))


@blueprint.get("/regions/<uuid:region_id>/<slug>.csv")
@needs(*READERS)
def region_figure(region_id: UUID, slug: str) -> ResponseReturnValue:
    """One chart of a region's dashboard, as CSV, with the same filters."""
    form = dashboard_form()
    shown = _figures(form, region_id)
    return _figure_csv(form, shown, slug) or _region(region_id, form, None)


def _region(region_id: UUID, form: DashboardForm, shown: list[Figure] | None) -> str:
    dashboard = bank().oversight.region(actor(), region_id)
    return render_template(
        "staff/region.html", title=dashboard.region.name, d=dashboard, form=form, shown=shown
    )

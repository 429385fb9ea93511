"""Programme staff: the requests queue and the programme's reference data."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from projections.requests_read import ANY_STATE
from web.current import actor, bank, me, needs, read_models
from web.forms.errors import attempt, press
from web.forms.fields import choices, optional_id
from web.forms.requests import ActionForm
from web.forms.staff import QueueForm, RegistryForm

blueprint = Blueprint("staff", __name__, url_prefix="/staff")
STAFF = "programme_staff"
WAITING = ("submitted", "shortlisted", "approved")
MOST = 500


@blueprint.get("/queue")
@needs(STAFF)
def queue() -> ResponseReturnValue:
    form = queue_form()
    theme_id, region_id = optional_id(form.theme_id.data), optional_id(form.region_id.data)
    found = read_models().requests.queue(
        states=ANY_STATE, theme_id=theme_id, region_id=region_id, limit=MOST
    )
    waiting = [r for r in found if r.state in WAITING]
    decided = [r for r in found if r.state not in WAITING]
    return render_template(
        "staff/queue.html",
        title="Requests queue",
        form=form,
        waiting=waiting,
        decided=decided,
        now=bank().clock.now(),
    )


def queue_form() -> QueueForm:
    form = QueueForm(request.args)
    form.theme_id.choices = choices(
        [("", "Any"), *((t.theme_id, t.name) for t in read_models().registry.themes())]
    )
    form.region_id.choices = choices(
        [("", "Any"), *((r.region_id, r.name) for r in read_models().registry.regions())]
    )
    if "region_id" not in request.args and me().region_id:  # their own region, at first
        form.region_id.data = str(me().region_id)
    return form


@blueprint.route("/<any(themes, regions, services):kind>", methods=["GET", "POST"])
@needs(STAFF)
def registry(kind: str) -> ResponseReturnValue:
    form, reg = RegistryForm(), bank().registry
    form.region_id.choices = choices(
        (r.region_id, r.name) for r in read_models().registry.regions()
    )
    if kind != "services":
        del form.region_id  # only a library service belongs to a region
    commands = {
        "themes": lambda: reg.add_theme(actor(), code=form.code.data, name=form.name.data),
        "regions": lambda: reg.add_region(actor(), code=form.code.data, name=form.name.data),
        "services": lambda: reg.register_service(
            actor(), code=form.code.data, name=form.name.data, region_id=UUID(form.region_id.data)
        ),
    }
    if attempt(form, commands[kind])[0]:
        flash(f"{form.name.data} is added.", "success")
        return redirect(url_for("staff.registry", kind=kind))
    items = _registry_items(kind)
    return render_template(
        "staff/registry.html",
        title=kind.capitalize(),
        kind=kind,
        form=form,
        items=items,
        action=ActionForm(),
    )


@blueprint.post("/themes/<uuid:theme_id>/retire")
@needs(STAFF)
def retire_theme(theme_id: UUID) -> ResponseReturnValue:
    if press(lambda: bank().registry.retire_theme(actor(), theme_id))[0]:
        flash("The theme is retired: nobody can choose it for anything new.", "success")
    return redirect(url_for("staff.registry", kind="themes"))


def _registry_items(kind: str) -> list[Any]:
    if kind == "themes":
        return list(read_models().registry.themes(include_retired=True))
    if kind == "regions":
        return list(read_models().registry.regions())
    return list(read_models().registry.services())

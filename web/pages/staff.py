"""Programme staff: the requests queue, people, reference data and dashboards."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from domain.people import Role
from web.current import actor, bank, lists, needs
from web.forms.errors import attempt
from web.forms.fields import choices, optional_id
from web.forms.requests import ActionForm, ReasonForm
from web.forms.staff import InviteForm, QueueForm, RegistryForm, RolesForm

blueprint = Blueprint("staff", __name__, url_prefix="/staff")
STAFF = "programme_staff"
WAITING = ("submitted", "shortlisted", "approved")
ROLE_CHOICES = choices((r.value, r.value.replace("_", " ").capitalize()) for r in Role)


@blueprint.get("/queue")
@needs(STAFF)
def queue() -> ResponseReturnValue:
    form = queue_form()
    theme_id, region_id = optional_id(form.theme_id.data), optional_id(form.region_id.data)
    found = lists().requests(theme_id=theme_id, region_id=region_id)
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
        [("", "Any"), *((t.theme_id, t.name) for t in lists().themes())]
    )
    form.region_id.choices = choices(
        [("", "Any"), *((r.region_id, r.name) for r in lists().regions())]
    )
    return form


def _service_choices() -> list[SelectChoice]:
    """Every library service, or none (programme staff, experts and auditors have none)."""
    return choices([("", "None"), *((s.service_id, s.name) for s in lists().services())])


@blueprint.get("/people")
@needs(STAFF)
def people() -> ResponseReturnValue:
    return render_template(
        "staff/people.html", title="People", people=lists().people(), action=ActionForm()
    )


@blueprint.route("/people/invite", methods=["GET", "POST"])
@needs(STAFF)
def invite() -> ResponseReturnValue:
    form = InviteForm()
    form.roles.choices = ROLE_CHOICES
    form.service_id.choices = choices(
        [("", "None")] + [(s.service_id, s.name) for s in lists().services()]
    )
    form.theme_ids.choices = choices((t.theme_id, t.name) for t in lists().themes())
    done, invitation = attempt(
        form,
        lambda: bank().people.invite(
            actor(),
            name=form.name.data,
            email=form.email.data,
            roles=form.roles.data or [],
            service_id=UUID(form.service_id.data) if form.service_id.data else None,
            theme_ids=[UUID(t) for t in form.theme_ids.data or []],
        ),
    )
    if done and invitation is not None:
        link = url_for("auth.accept_invitation", token=invitation.token, _external=True)
        return render_template(
            "staff/invited.html", title="Invitation created", link=link, name=form.name.data
        )
    return render_template("staff/invite.html", title="Invite someone", form=form)


@blueprint.route("/people/<uuid:person_id>/roles", methods=["GET", "POST"])
@needs(STAFF)
def roles(person_id: UUID) -> ResponseReturnValue:
    person, form = bank().people.person(person_id), RolesForm()
    form.roles.choices = ROLE_CHOICES
    form.service_id.choices = choices(
        [("", "None")] + [(s.service_id, s.name) for s in lists().services()]
    )
    if not form.is_submitted():
        form.roles.data, form.service_id.data = person.roles, str(person.service_id or "")
    change = bank().people.change_roles
    service_id = UUID(form.service_id.data) if form.service_id.data else None
    if attempt(
        form,
        lambda: change(actor(), person_id, roles=form.roles.data or [], service_id=service_id),
    )[0]:
        flash(f"{person.name}'s roles are changed.", "success")
        return redirect(url_for("staff.people"))
    return render_template("staff/roles.html", title="Change roles", form=form, person=person)


@blueprint.route("/people/<uuid:person_id>/deactivate", methods=["GET", "POST"])
@needs(STAFF)
def deactivate(person_id: UUID) -> ResponseReturnValue:
    person, form = bank().people.person(person_id), ReasonForm()
    form.reason.label.text = "Why are you deactivating this account?"
    command = bank().people.deactivate
    if attempt(form, lambda: command(actor(), person_id, reason=form.reason.data or ""))[0]:
        flash(f"{person.name} can no longer sign in.", "success")
        return redirect(url_for("staff.people"))
    return render_template(
        "staff/deactivate.html", title="Deactivate account", form=form, person=person
    )


@blueprint.post("/people/<uuid:person_id>/reactivate")
@needs(STAFF)
def reactivate(person_id: UUID) -> ResponseReturnValue:
    if attempt(ActionForm(), lambda: bank().people.reactivate(actor(), person_id))[0]:
        flash("The account is active again.", "success")
    return redirect(url_for("staff.people"))


@blueprint.route("/<any(themes, regions, services):kind>", methods=["GET", "POST"])
@needs(STAFF)
def registry(kind: str) -> ResponseReturnValue:
    form, reg = RegistryForm(), bank().registry
    form.region_id.choices = choices((r.region_id, r.name) for r in lists().regions())
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
    if attempt(ActionForm(), lambda: bank().registry.retire_theme(actor(), theme_id))[0]:
        flash("The theme is retired: nobody can choose it for anything new.", "success")
    return redirect(url_for("staff.registry", kind="themes"))


@blueprint.get("/programme")
@needs(STAFF, "auditor")
def programme() -> ResponseReturnValue:
    return render_template(
        "staff/programme.html",
        title="Programme dashboard",
        by_theme=lists().statistics("theme"),
        by_region=lists().statistics("region"),
        peer_hours=lists().peer_hours(),
    )


def _registry_items(kind: str) -> list[Any]:
    if kind == "themes":
        return list(lists().themes(include_retired=True))
    if kind == "regions":
        return list(lists().regions())
    return list(lists().services())

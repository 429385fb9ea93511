"""Programme staff managing people: invitations, a person's record, roles, deactivation
and erasure of personal details on request."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from domain.availability import WEEKDAYS
from domain.people import AccountStatus, Role
from web.current import actor, bank, needs, read_models
from web.display import label
from web.forms.errors import attempt, press
from web.forms.fields import choices, optional_id
from web.forms.requests import ActionForm, ReasonForm
from web.forms.staff import EraseForm, InviteForm, PeopleForm, RegionForm, RolesForm

blueprint = Blueprint("people", __name__, url_prefix="/staff/people")
STAFF = "programme_staff"
ROLE_CHOICES = choices((r.value, r.value.replace("_", " ").capitalize()) for r in Role)


@blueprint.get("")
@needs(STAFF)
def people() -> ResponseReturnValue:
    form = PeopleForm(request.args)
    form.role.choices = choices([("", "Any role"), *((c.value, c.label) for c in ROLE_CHOICES)])
    form.status.choices = choices(
        [("", "Any"), *((s.value, label(s.value)) for s in AccountStatus)]
    )
    found = []
    if form.validate():
        found = read_models().people.people(
            role=form.role.data or None, status=form.status.data or None, matching=form.q.data or ""
        )
    return render_template(
        "staff/people.html", title="People", form=form, people=found, action=ActionForm()
    )


@blueprint.get("/<uuid:person_id>")
@needs(STAFF)
def person(person_id: UUID) -> ResponseReturnValue:
    record = bank().oversight.person(actor(), person_id)
    return render_template(
        "staff/person.html",
        title=record.person.name,
        record=record,
        weekdays=WEEKDAYS,
        action=ActionForm(),
    )


@blueprint.get("/<uuid:person_id>/expert")
@needs(STAFF)
def expert(person_id: UUID) -> ResponseReturnValue:
    """An expert's profile, as staff read it when matching."""
    profile = bank().oversight.expert(actor(), person_id)
    return render_template("staff/expert.html", title=profile.expert.name, p=profile)


@blueprint.route("/invite", methods=["GET", "POST"])
@needs(STAFF)
def invite() -> ResponseReturnValue:
    form = InviteForm()
    form.roles.choices = ROLE_CHOICES
    form.service_id.choices = _service_choices()
    form.theme_ids.choices = choices((t.theme_id, t.name) for t in read_models().registry.themes())
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
        return _invited(invitation.person_id, invitation.token, form.name.data, again=False)
    return render_template("staff/invite.html", title="Invite someone", form=form)


@blueprint.post("/<uuid:person_id>/invitation")
@needs(STAFF)
def reissue(person_id: UUID) -> ResponseReturnValue:
    """A new link for an account not yet set up (the earlier link stops working)."""
    done, token = press(lambda: bank().people.reissue_invitation(actor(), person_id))
    if done and token is not None:
        invitee = bank().oversight.person(actor(), person_id).person
        return _invited(person_id, token, invitee.name, again=True)
    return redirect(url_for("people.person", person_id=person_id))


def _invited(person_id: UUID, token: str, name: str, *, again: bool) -> ResponseReturnValue:
    link = url_for("auth.accept_invitation", token=token, _external=True)
    title = "New invitation link" if again else "Invitation created"
    return render_template(
        "staff/invited.html", title=title, link=link, name=name, person_id=person_id, again=again
    )


@blueprint.route("/<uuid:person_id>/roles", methods=["GET", "POST"])
@needs(STAFF)
def roles(person_id: UUID) -> ResponseReturnValue:
    person, form = bank().oversight.person(actor(), person_id).person, RolesForm()
    form.roles.choices = ROLE_CHOICES
    form.service_id.choices = _service_choices()
    if not form.is_submitted():
        form.roles.data, form.service_id.data = person.roles, str(person.service_id or "")
    change = bank().people.change_roles
    if attempt(
        form,
        lambda: change(
            actor(),
            person_id,
            roles=form.roles.data or [],
            service_id=optional_id(form.service_id.data),  # a valid choice by now
        ),
    )[0]:
        flash(f"{person.name}'s roles are changed.", "success")
        return redirect(url_for("people.person", person_id=person_id))
    return render_template("staff/roles.html", title="Change roles", form=form, person=person)


@blueprint.route("/<uuid:person_id>/region", methods=["GET", "POST"])
@needs(STAFF)
def region(person_id: UUID) -> ResponseReturnValue:
    """The region a member of programme staff looks after: their home page and queue
    start with it."""
    person, form = bank().oversight.person(actor(), person_id).person, RegionForm()
    form.region_id.choices = choices(
        [("", "Every region"), *((r.region_id, r.name) for r in read_models().registry.regions())]
    )
    if not form.is_submitted():
        form.region_id.data = str(person.region_id or "")
    command = bank().people.set_region
    if attempt(
        form, lambda: command(actor(), person_id, region_id=optional_id(form.region_id.data))
    )[0]:
        flash(f"{person.name}'s region is changed.", "success")
        return redirect(url_for("people.person", person_id=person_id))
    return render_template("staff/region_of.html", title="Region", form=form, person=person)


@blueprint.route("/<uuid:person_id>/deactivate", methods=["GET", "POST"])
@needs(STAFF)
def deactivate(person_id: UUID) -> ResponseReturnValue:
    person, form = bank().oversight.person(actor(), person_id).person, ReasonForm()
    form.reason.label.text = "Why are you deactivating this account?"
    command = bank().people.deactivate
    if attempt(form, lambda: command(actor(), person_id, reason=form.reason.data or ""))[0]:
        flash(f"{person.name} can no longer sign in.", "success")
        return redirect(url_for("people.person", person_id=person_id))
    return render_template(
        "staff/deactivate.html", title="Deactivate account", form=form, person=person
    )


@blueprint.post("/<uuid:person_id>/reactivate")
@needs(STAFF)
def reactivate(person_id: UUID) -> ResponseReturnValue:
    if press(lambda: bank().people.reactivate(actor(), person_id))[0]:
        flash("The account is active again.", "success")
    return redirect(url_for("people.person", person_id=person_id))


@blueprint.post("/<uuid:person_id>/themes/approve")
@needs(STAFF)
def approve_themes(person_id: UUID) -> ResponseReturnValue:
    if press(lambda: bank().people.approve_themes(actor(), person_id))[0]:
        flash(
            "The change of themes is approved: they are suggested for those themes now.", "success"
        )
    return redirect(url_for("people.person", person_id=person_id))


@blueprint.post("/<uuid:person_id>/themes/decline")
@needs(STAFF)
def decline_themes(person_id: UUID) -> ResponseReturnValue:
    form = ReasonForm()
    done = press(
        lambda: bank().people.decline_themes(actor(), person_id, reason=form.reason.data or "")
    )[0]
    if done:
        flash("The change of themes is declined: their themes stay as they were.", "success")
    return redirect(url_for("people.person", person_id=person_id))


@blueprint.route("/<uuid:person_id>/erase", methods=["GET", "POST"])
@needs(STAFF)
def erase(person_id: UUID) -> ResponseReturnValue:
    """Erase a person's details on request, after a page saying what goes and what stays."""
    record, form = bank().oversight.person(actor(), person_id), EraseForm()
    if attempt(form, lambda: bank().people.erase_details(actor(), person_id))[0]:
        flash("Their personal details are erased. Their history stays.", "success")
        return redirect(url_for("people.person", person_id=person_id))
    return render_template(
        "staff/erase.html", title="Erase personal details", form=form, record=record
    )


def _service_choices() -> list[SelectChoice]:
    """Every library service, or none (programme staff, experts and auditors have none)."""
    return choices(
        [("", "None"), *((s.service_id, s.name) for s in read_models().registry.services())]
    )

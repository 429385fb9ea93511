"""The resource library: guides, templates and toolkits from engagements, for everyone."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from web.current import actor, bank, me, needs, read_models
from web.forms.errors import attempt
from web.forms.fields import choices, optional_id
from web.forms.providers import LibraryForm, ResourceForm
from web.forms.requests import ReasonForm

blueprint = Blueprint("resources", __name__)
PUBLISHERS = ("expert", "peer", "programme_staff")


@blueprint.get("/resources")
def library() -> ResponseReturnValue:
    form = LibraryForm(request.args)
    themes = [  # a retired theme's resources stay in the library
        (t.theme_id, f"{t.name} (retired)" if t.retired else t.name)
        for t in read_models().registry.themes(include_retired=True)
    ]
    form.theme_id.choices = choices([("", "Any"), *themes])
    found = read_models().resources.published(optional_id(form.theme_id.data))
    return render_template("resources/library.html", title="Resources", form=form, resources=found)


@blueprint.route("/resources/new", methods=["GET", "POST"])
@needs(*PUBLISHERS)
def new_resource() -> ResponseReturnValue:
    form = _form()
    form.engagement_id.choices = _engagement_choices()
    done, _ = attempt(
        form,
        lambda: bank().sessions.publish_resource(
            actor(), **form.content(), engagement_id=optional_id(form.engagement_id.data)
        ),
    )
    if done:
        flash("The resource is published for all members.", "success")
        return redirect(url_for("resources.library"))
    return render_template("resources/new.html", title="Publish a resource", form=form)


@blueprint.route("/resources/<uuid:resource_id>/change", methods=["GET", "POST"])
@needs(*PUBLISHERS)
def change(resource_id: UUID) -> ResponseReturnValue:
    """Its publisher, or programme staff, revise what a resource says."""
    resource, form = bank().sessions.resource_to_change(actor(), resource_id), _form()
    del form.engagement_id  # where it came from does not change
    if not form.is_submitted():
        form.fill(resource)
    revise = bank().sessions.revise_resource
    if attempt(form, lambda: revise(actor(), resource_id, **form.content()))[0]:
        flash("The resource is changed.", "success")
        return redirect(url_for("resources.library"))
    return render_template(
        "resources/new.html", title="Change a resource", form=form, resource=resource
    )


@blueprint.route("/resources/<uuid:resource_id>/withdraw", methods=["GET", "POST"])
@needs(*PUBLISHERS)
def withdraw(resource_id: UUID) -> ResponseReturnValue:
    resource, form = bank().sessions.resource_to_change(actor(), resource_id), ReasonForm()
    form.reason.label.text = "Why are you withdrawing it?"
    command = bank().sessions.withdraw_resource
    if attempt(form, lambda: command(actor(), resource_id, reason=form.reason.data or ""))[0]:
        flash(f"{resource.title} is withdrawn from the library.", "success")
        return redirect(url_for("resources.library"))
    return render_template(
        "resources/withdraw.html", title="Withdraw a resource", form=form, resource=resource
    )


def _engagement_choices() -> list[SelectChoice]:
    """An expert may say which of their engagements a resource came from."""
    mine = "expert" in me().roles
    found = read_models().requests.engagements(expert_id=actor()) if mine else []
    named = [(e.engagement_id, f"{e.service_name}: {e.theme_name}") for e in found]
    return choices([("", "None"), *named])


def _form() -> ResourceForm:
    form = ResourceForm()
    form.theme_id.choices = choices((t.theme_id, t.name) for t in read_models().registry.themes())
    return form

"""The resource library: guides, templates and toolkits from engagements, for everyone."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from web.current import actor, bank, lists, needs
from web.forms.errors import attempt
from web.forms.fields import choices
from web.forms.providers import ResourceForm

blueprint = Blueprint("resources", __name__)


@blueprint.get("/resources")
def library() -> ResponseReturnValue:
    return render_template(
        "resources/library.html", title="Resources", resources=lists().resources()
    )


@blueprint.route("/resources/new", methods=["GET", "POST"])
@needs("expert", "peer", "programme_staff")
def new_resource() -> ResponseReturnValue:
    form = ResourceForm()
    form.theme_id.choices = choices((t.id, t.name) for t in lists().themes())
    done, _ = attempt(
        form,
        lambda: bank().sessions.publish_resource(
            actor(),
            title=form.title.data,
            summary=form.summary.data,
            theme_id=UUID(form.theme_id.data),
            link=form.link.data,
            licence=form.licence.data,
        ),
    )
    if done:
        flash("The resource is published for all members.", "success")
        return redirect(url_for("resources.library"))
    return render_template("resources/new.html", title="Publish a resource", form=form)

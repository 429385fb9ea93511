"""A person's own API tokens, on their account: made (shown once), listed and revoked."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from web.current import actor, bank
from web.forms.account import ApiTokenForm
from web.forms.errors import attempt, press
from web.forms.requests import ActionForm

blueprint = Blueprint("api_tokens", __name__)


@blueprint.route("/account/api-tokens", methods=["GET", "POST"])
def tokens() -> ResponseReturnValue:
    form = ApiTokenForm()
    create = bank().tokens.create
    done, made = attempt(form, lambda: create(actor(), actor(), name=form.name.data))
    if done and made is not None:
        return render_template("account/api_token.html", title="Your new API token", made=made)
    return render_template(
        "account/api_tokens.html",
        title="API tokens",
        form=form,
        tokens=bank().tokens.of(actor(), actor()),
        action=ActionForm(),
    )


@blueprint.post("/account/api-tokens/<uuid:token_id>/revoke")
def revoke(token_id: UUID) -> ResponseReturnValue:
    if press(lambda: bank().tokens.revoke(actor(), actor(), token_id))[0]:
        flash("The token is revoked: it no longer works.", "success")
    return redirect(url_for("api_tokens.tokens"))

"""A person's own account: their name and phone, and changing their password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user

from web.current import SignedIn, actor, bank, me
from web.forms.account import ChangePasswordForm, DetailsForm
from web.forms.errors import attempt

blueprint = Blueprint("account", __name__)


@blueprint.route("/account", methods=["GET", "POST"])
def details() -> ResponseReturnValue:
    form = DetailsForm()
    if not form.is_submitted():
        form.name.data, form.phone.data = me().name, me().phone
    saved, _ = attempt(
        form,
        lambda: bank().people.update_details(
            actor(), actor(), name=form.name.data or "", phone=form.phone.data or ""
        ),
    )
    if saved:
        flash("Your details are saved.", "success")
        return redirect(url_for("account.details"))
    return render_template("account/details.html", title="Your account", form=form, person=me())


@blueprint.route("/account/password", methods=["GET", "POST"])
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    changed, sign_in = attempt(
        form,
        lambda: bank().accounts.change_password(
            current_user.get_id(),
            current_password=form.current_password.data or "",
            new=form.password.data or "",
            address=request.remote_addr or "",
        ),
    )
    if changed and sign_in is not None:
        login_user(SignedIn(sign_in))
        flash(
            "Your password is changed. Anywhere else you were signed in, you are now signed out.",
            "success",
        )
        return redirect(url_for("account.details"))
    return render_template("account/password.html", title="Change your password", form=form)

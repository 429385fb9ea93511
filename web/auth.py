"""Signing in and out, a forgotten password, and choosing a password through a one-time link."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from domain.errors import ExpertBankError, TooManyAttempts
from infrastructure.directory import normalise_email
from web.current import SignedIn, bank
from web.forms.account import AcceptInvitationForm, ForgottenPasswordForm, SignInForm
from web.forms.errors import attempt, show_error

blueprint = Blueprint("auth", __name__)


def register(app: Flask) -> None:
    manager = LoginManager(app)
    manager.login_view = "auth.sign_in"
    manager.login_message = "Sign in to see that page."
    manager.login_message_category = "info"
    manager.session_protection = "strong"
    manager.user_loader(_load)
    app.register_blueprint(blueprint)

    @app.before_request
    def _pages_need_sign_in() -> ResponseReturnValue | None:
        open_endpoints = {
            "auth.sign_in",
            "auth.accept_invitation",
            "auth.forgotten_password",
            "static",
            "health.healthz",
            "calendar.feed",  # calendar apps cannot sign in: the secret address is the key
            "own_calendars.demo_calendar",  # read by the worker, which cannot sign in either
        }
        if request.endpoint in open_endpoints or request.path.startswith("/api/"):
            return None
        if not current_user.is_authenticated:
            refusal: ResponseReturnValue = manager.unauthorized()
            return refusal
        return None


def _load(token: str) -> SignedIn | None:
    """The person of a session, or None (signed out) once their sign-in has ended."""
    sign_in = bank().accounts.signed_in(token)
    return None if sign_in is None else SignedIn(sign_in)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host, a scheme, or a protocol-relative URL."""
    if not target:
        return url_for("home.dashboard")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("home.dashboard")
    if "\\" in target:
        return url_for("home.dashboard")
    return target


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    form = SignInForm()
    if form.validate_on_submit():
        try:
            sign_in = bank().accounts.sign_in(
                form.email.data or "", form.password.data or "", address=request.remote_addr or ""
            )
        except TooManyAttempts as refusal:
            show_error(form, refusal)
            return render_template("account/sign_in.html", form=form), 429
        if sign_in is not None:
            next_page = safe_next(request.args.get("next"))
            session.clear()
            login_user(SignedIn(sign_in))
            return redirect(next_page)
        form.email.errors.append("The email address or password is not right")
    return render_template("account/sign_in.html", form=form)


@blueprint.post("/sign-out")
@login_required  # type: ignore[untyped-decorator]
def sign_out() -> ResponseReturnValue:
    bank().accounts.sign_out(current_user.get_id())
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@blueprint.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> ResponseReturnValue:
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            bank().people.accept_invitation(token, password=form.password.data or "")
        except ExpertBankError as error:
            show_error(form, error, {"token": "password"})
        else:
            logout_user()
            session.clear()
            flash("Your password is set. Sign in with your email address and new password.")
            return redirect(url_for("auth.sign_in"))
    return render_template("account/invitation.html", form=form)


@blueprint.route("/forgotten-password", methods=["GET", "POST"])
def forgotten_password() -> ResponseReturnValue:
    """The same answer whether or not the address has an account."""
    form = ForgottenPasswordForm()
    email = form.email.data or ""
    address = request.remote_addr or ""
    if attempt(form, lambda: bank().accounts.forgotten_password(email, address=address))[0]:
        flash(
            f"If {normalise_email(email)} has an Expert Bank account, we have emailed it a "
            "link to choose a new password. The link works once, for 2 hours."
        )
        return redirect(url_for("auth.sign_in"))
    return render_template("account/forgotten.html", form=form)

"""Signing in, choosing a password, and a person's own details."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired

NEW_PASSWORD_HINT = (
    "At least 12 characters, not your name or email address. "
    "Three or four unrelated words make a strong password."
)


class SignInForm(FlaskForm):  # type: ignore[misc]
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired("Enter your email address")],
    )
    password = PasswordField(
        "Password", widget=GovPasswordInput(), validators=[InputRequired("Enter your password")]
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class AcceptInvitationForm(FlaskForm):  # type: ignore[misc]
    password = PasswordField(
        "Choose a password",
        description=NEW_PASSWORD_HINT,
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter a password of at least 12 characters")],
    )
    confirm = PasswordField(
        "Type the password again",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Type the password again"),
            EqualTo("password", "The two passwords are not the same"),
        ],
    )
    submit = SubmitField("Set password", widget=GovSubmitInput())


class DetailsForm(FlaskForm):  # type: ignore[misc]
    name = StringField("Full name", widget=GovTextInput())
    phone = StringField("Phone number (optional)", widget=GovTextInput())
    submit = SubmitField("Save", widget=GovSubmitInput())


class ChangePasswordForm(FlaskForm):  # type: ignore[misc]
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your current password")],
    )
    password = PasswordField(
        "New password",
        description=NEW_PASSWORD_HINT,
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter a new password of at least 12 characters")],
    )
    confirm = PasswordField(
        "Type the new password again",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Type the new password again"),
            EqualTo("password", "The two new passwords are not the same"),
        ],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())


class ForgottenPasswordForm(FlaskForm):  # type: ignore[misc]
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired("Enter your email address")],
    )
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class ApiTokenForm(FlaskForm):  # type: ignore[misc]
    name = StringField(
        "Name of the token",
        description="What it is for, so that you know it again: for example, our booking system",
        widget=GovTextInput(),
    )
    submit = SubmitField("Create a token", widget=GovSubmitInput())

"""Signing in and setting a first password."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired


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
        description=(
            "At least 12 characters, not your name or email address. "
            "Three or four unrelated words make a strong password."
        ),
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

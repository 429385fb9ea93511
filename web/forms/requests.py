"""Expressions of interest, their review, and matching an expert."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField

from web.forms.fields import ChosenByService, LondonDateField, Radios


class RequestForm(FlaskForm):  # type: ignore[misc]
    theme_id = ChosenByService("Theme", description="The area of expertise you need.")
    need = TextAreaField(
        "What do you need help with?",
        description="In your own words. Please do not include personal details about anyone.",
        widget=GovTextArea(),
    )
    outcomes = TextAreaField("What outcomes do you hope for?", widget=GovTextArea())
    preferred_from = LondonDateField("Earliest date", description="For example, 1 4 2027")
    preferred_to = LondonDateField("Latest date", description="For example, 30 6 2027")
    hours_hoped = StringField(
        "Hours of expert time you think you need",
        description="In hours or half hours, for example 8 or 7.5",
        widget=GovTextInput(),
    )
    submit = SubmitField("Submit request", widget=GovSubmitInput())

    def values(self) -> dict[str, Any]:
        """What ``Requests.submit`` takes, from what was typed."""
        return {
            "theme_id": self.theme_id.chosen,
            "need": self.need.data,
            "outcomes": self.outcomes.data,
            "hours_hoped": (self.hours_hoped.data or "").replace(",", ""),
            "preferred_from": self.preferred_from.data,
            "preferred_to": self.preferred_to.data,
        }


class ReasonForm(FlaskForm):  # type: ignore[misc]
    reason = TextAreaField("Reason", widget=GovTextArea())
    submit = SubmitField("Confirm", widget=GovSubmitInput())


class ActionForm(FlaskForm):  # type: ignore[misc]
    """A button that changes something: only its CSRF token."""


class MatchForm(FlaskForm):  # type: ignore[misc]
    expert_id = Radios("Expert")
    allowance_hours = StringField(
        "Allowance in hours", description="For example, 8 or 7.5", widget=GovTextInput()
    )
    ends_on = LondonDateField("Hours to be used by", required=True)
    submit = SubmitField("Commission expert", widget=GovSubmitInput())

    def values(self) -> dict[str, Any]:
        return {
            "expert_id": UUID(self.expert_id.data),
            "allowance_hours": self.allowance_hours.data,
            "ends_on": self.ends_on.given,
        }


class AllowanceForm(FlaskForm):  # type: ignore[misc]
    allowance_hours = StringField(
        "Allowance in hours", description="For example, 8 or 7.5", widget=GovTextInput()
    )
    ends_on = LondonDateField("Hours to be used by", required=True)
    submit = SubmitField("Change allowance", widget=GovSubmitInput())

    def values(self) -> dict[str, Any]:
        return {"allowance_hours": self.allowance_hours.data, "ends_on": self.ends_on.given}

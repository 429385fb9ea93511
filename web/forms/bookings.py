"""Finding and booking slots, moving and cancelling, recording sessions and feedback."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField

from domain.errors import InvalidInput
from web.forms.fields import LondonDateField, Radios


class SearchForm(FlaskForm):  # type: ignore[misc]
    """The availability filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    theme_id = SelectField("Theme", widget=GovSelect())
    provider_kind = Radios("Who")
    region_id = SelectField("Region of a peer's library service", widget=GovSelect())
    mode = Radios("Online or in person")
    first_day = LondonDateField("From")
    last_day = LondonDateField("To")
    provider_id = HiddenField()
    engagement_id = HiddenField()
    after = HiddenField()  # the page's cursor: in page links, never in the form (a new search)
    submit = SubmitField("Search", widget=GovSubmitInput())


class BookForm(FlaskForm):  # type: ignore[misc]
    booking_id = HiddenField()
    window_id = HiddenField()
    provider_id = HiddenField()
    start = HiddenField()
    engagement_id = Radios("Engagement this session draws on")
    theme_id = Radios("Theme of the session")
    cover = TextAreaField(
        "What do you want to cover?",
        description="So that they can prepare. Please do not include personal details.",
        widget=GovTextArea(),
    )
    submit = SubmitField("Book this session", widget=GovSubmitInput())

    def values(self) -> dict[str, Any]:
        """What ``Bookings.book`` takes. An expert's form has no theme choice and a peer's
        no engagement choice, so either may be missing."""
        chosen = {name: self._fields.get(name) for name in ("engagement_id", "theme_id")}
        return {
            "provider_id": _uuid(self.provider_id.data),
            "window_id": _uuid(self.window_id.data),
            "start": _instant(self.start.data),
            "booking_id": _uuid(self.booking_id.data),
            "cover": self.cover.data or "",
            **{k: UUID(f.data) if f is not None and f.data else None for k, f in chosen.items()},
        }


class CancelForm(FlaskForm):  # type: ignore[misc]
    reason = TextAreaField(
        "Why are you cancelling?",
        description="The other side will read this.",
        widget=GovTextArea(),
    )
    submit = SubmitField("Cancel the session", widget=GovSubmitInput())


class DeclineForm(FlaskForm):  # type: ignore[misc]
    reason = TextAreaField(
        "Why can you not take it? (optional)",
        description="The library service will read this.",
        widget=GovTextArea(),
    )
    submit = SubmitField("Decline the request", widget=GovSubmitInput())


class RescheduleForm(FlaskForm):  # type: ignore[misc]
    slot = Radios("New time")
    reason = TextAreaField("Why are you moving it? (optional)", widget=GovTextArea())
    submit = SubmitField("Move the session", widget=GovSubmitInput())

    def values(self) -> dict[str, Any]:
        window_id, _, start = (self.slot.data or "").partition("|")
        return {
            "window_id": _uuid(window_id),
            "start": _instant(start),
            "reason": self.reason.data or "",
        }


class FeedbackForm(FlaskForm):  # type: ignore[misc]
    rating = Radios("How useful was the session?")
    comment = TextAreaField("Comments (optional)", widget=GovTextArea())
    submit = SubmitField("Send feedback", widget=GovSubmitInput())


class RecordForm(FlaskForm):  # type: ignore[misc]
    outcome = Radios("Did the session take place?")
    notes = TextAreaField("Notes", widget=GovTextArea())
    outcomes = TextAreaField("Outcomes", widget=GovTextArea())
    actions = TextAreaField("Follow-up actions", widget=GovTextArea())
    submit = SubmitField("Record the session", widget=GovSubmitInput())

    def values(self) -> dict[str, Any]:
        return {name: self[name].data or "" for name in ("outcome", "notes", "outcomes", "actions")}


def _uuid(value: str | None) -> UUID:
    try:
        return UUID(value or "")
    except ValueError:
        raise InvalidInput("the form was damaged: reload the page and try again") from None


def _instant(value: str | None) -> datetime:
    try:
        return datetime.fromisoformat(value or "")
    except ValueError:
        raise InvalidInput("the form was damaged: reload the page and try again") from None

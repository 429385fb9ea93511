"""Connecting or changing a provider's own calendar."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField

from web.forms.fields import Radios, choices

KINDS = [
    ("ical", "A private calendar address (Outlook, Google or Apple)"),
    ("caldav", "A CalDAV calendar, with a user name and an app password"),
]


class CalendarForm(FlaskForm):  # type: ignore[misc]
    kind = Radios("Which kind of calendar")
    label = StringField(
        "Name", description="For you to tell your calendars apart", widget=GovTextInput()
    )
    address = StringField(
        "Calendar address",
        description="Outlook: Settings, Calendar, Shared calendars, Publish a calendar, the ICS "
        "link. Google: Settings, your calendar, Secret address in iCal format. Apple: a "
        "public calendar's webcal link. CalDAV: the calendar's own address.",
        widget=GovTextInput(),
    )
    username = StringField(
        "User name (CalDAV only)", widget=GovTextInput(), render_kw={"autocomplete": "off"}
    )
    password = PasswordField(
        "App password (CalDAV only)",
        description="Make an app password for Expert Bank in your account's security "
        "settings. It is stored encrypted and never shown again.",
        widget=GovPasswordInput(),
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Connect the calendar", widget=GovSubmitInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(KINDS)
        if not self.is_submitted():
            self.kind.data = self.kind.data or "ical"


class ChangeCalendarForm(CalendarForm):
    """The name, and optionally a new address (and sign-in) in place of the old one."""

    address = StringField(
        "New calendar address (optional)",
        description="Leave empty to keep reading the address you gave before. A new one "
        "replaces it, with its user name and app password for CalDAV.",
        widget=GovTextInput(),
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

"""What experts and peers edit: availability windows, time off, settings, resources."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from uuid import UUID

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from domain.errors import InvalidInput
from domain.time import LONDON, happens_twice, london_instant, parse_wall_time
from service.availability import WindowInput
from service.records import ResourceRecord
from web.forms.fields import Checkboxes, ChosenByService, LondonDateField, Radios, WholeNumberField

WINDOW_FIELDS = {
    "notice_minutes": "notice_hours",
    "starts_at": "start_time",
    "ends_at": "end_time",
    "start": "start_time",
    "end": "end_time",
}


class WindowForm(FlaskForm):  # type: ignore[misc]
    kind = Radios("How often")
    weekday = SelectField("Day of the week", description="For a weekly window", widget=GovSelect())
    day = LondonDateField("Date", description="For a one-off window, for example 16 3 2027")
    start_time = StringField(
        "From", description="24-hour clock, for example 09:30", widget=GovTextInput()
    )
    end_time = StringField(
        "Until", description="24-hour clock, for example 12:00", widget=GovTextInput()
    )
    first_date = LondonDateField("First week", description="For a weekly window")
    last_date = LondonDateField("Last week (optional)", description="Leave empty to keep going")
    session_minutes = WholeNumberField("Session length in minutes", example="45")
    buffer_minutes = WholeNumberField(
        "Gap between sessions, in minutes",
        description="Time you keep free before and after each session",
        example="15",
    )
    notice_hours = WholeNumberField("Minimum notice in hours", example="48")
    horizon_days = WholeNumberField("How far ahead people can book, in days", example="56")
    seats = WholeNumberField("Seats", example="1", description="More than 1 for a group session")
    theme_ids = Checkboxes("Themes")
    mode = Radios("Online or in person")
    location = StringField(
        "Online link or place", description="Where the session happens", widget=GovTextInput()
    )
    preview = SubmitField("Preview the slots", widget=GovSubmitInput())
    publish = SubmitField("Publish", widget=GovSubmitInput())

    def fill(self, spec: dict[str, Any]) -> None:
        """Show an existing window's terms, in London time."""
        self.kind.data, self.mode.data = spec["kind"], spec["mode"]
        for name in ("session_minutes", "buffer_minutes", "horizon_days", "seats"):
            self[name].data = str(spec[name])
        self.notice_hours.data = f"{spec['notice_minutes'] // 60}"
        self.theme_ids.data = [str(t) for t in spec["theme_ids"]]
        self.location.data = spec["location"]
        if spec["kind"] == "weekly":
            self.weekday.data = str(spec["weekday"])
            self.start_time.data, self.end_time.data = spec["start_time"], spec["end_time"]
            self.first_date.data, self.last_date.data = spec["first_date"], spec["last_date"]
        else:
            start, end = spec["starts_at"].astimezone(LONDON), spec["ends_at"].astimezone(LONDON)
            self.day.data = start.date()
            self.start_time.data, self.end_time.data = f"{start:%H:%M}", f"{end:%H:%M}"

    def validate_start_time(self, field: StringField) -> None:
        _wall(field)

    def validate_end_time(self, field: StringField) -> None:
        _wall(field)

    def to_input(self) -> WindowInput:
        """The window as the service takes it; one-off times become London instants."""
        terms = {
            "kind": self.kind.data,
            "session_minutes": self.session_minutes.number,
            "buffer_minutes": self.buffer_minutes.number,
            "notice_minutes": (self.notice_hours.number or 0) * 60,
            "horizon_days": self.horizon_days.number,
            "seats": self.seats.number,
            "theme_ids": [UUID(t) for t in self.theme_ids.data or []],
            "mode": self.mode.data,
            "location": self.location.data or "",
        }
        if self.kind.data == "weekly":
            return WindowInput(
                **terms,
                weekday=int(self.weekday.data),
                start_time=self.start_time.data,
                end_time=self.end_time.data,
                first_date=self.first_date.data,
                last_date=self.last_date.data,
            )
        return WindowInput(
            **terms, starts_at=self._instant(self.start_time), ends_at=self._instant(self.end_time)
        )

    def _instant(self, field: StringField) -> datetime | None:
        if self.day.data is None:
            raise InvalidInput("enter the date of a one-off window", field="day")
        wall = _wall(field)
        if happens_twice(self.day.data, wall):
            raise InvalidInput(
                f"{wall:%H:%M} happens twice in the UK on that day (the clocks go back at 02:00): "
                "choose a time before 01:00 or from 02:00",
                field=field.name,
            )
        instant = london_instant(self.day.data, wall)
        if instant is None:
            raise InvalidInput(
                "that time does not exist in the UK on that day (the clocks go forward)",
                field=field.name,
            )
        return instant


def _wall(field: StringField) -> time:
    try:
        return parse_wall_time((field.data or "").strip(), str(field.label.text), field=field.name)
    except InvalidInput:
        raise ValidationError(
            f"{field.label.text} must be a time on the 24-hour clock, like 09:30"
        ) from None


class TimeOffForm(FlaskForm):  # type: ignore[misc]
    first_day = LondonDateField("First day off", required=True)
    from_time = StringField(
        "From (optional)",
        description="A time on the first day, 24-hour clock, like 13:00. Leave empty for all day",
        widget=GovTextInput(),
    )
    last_day = LondonDateField("Last day off", required=True)
    until_time = StringField(
        "Until (optional)",
        description="A time on the last day, like 17:30. Leave empty for all day",
        widget=GovTextInput(),
    )
    note = StringField("Note (optional)", widget=GovTextInput())

    def validate_from_time(self, field: StringField) -> None:
        _optional_wall(field, "the time your time off starts")

    def validate_until_time(self, field: StringField) -> None:
        _optional_wall(field, "the time your time off ends")

    submit = SubmitField("Add time off", widget=GovSubmitInput())


def _optional_wall(field: StringField, what: str) -> None:
    given = (field.data or "").strip()
    if given:
        try:
            parse_wall_time(given, what, field=field.name)
        except InvalidInput:
            raise ValidationError(
                f"Enter {what} on the 24-hour clock, like 13:00, or leave it empty"
            ) from None


class ProfileForm(FlaskForm):  # type: ignore[misc]
    theme_ids = Checkboxes("Themes you offer")
    monthly_cap_hours = StringField(
        "Most hours a month you give (peers)",
        description="Leave empty for no limit",
        widget=GovTextInput(),
    )
    requires_confirmation = BooleanField("I confirm each booking myself", widget=GovCheckboxInput())
    nation = ChosenByService("Whose bank holidays you follow")  # none chosen: unchanged
    works_bank_holidays = BooleanField(
        "I take sessions on bank holidays", widget=GovCheckboxInput()
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class LibraryForm(FlaskForm):  # type: ignore[misc]
    """The resource library's filter. A GET form."""

    class Meta:
        csrf = False

    theme_id = SelectField("Theme", widget=GovSelect())
    submit = SubmitField("Show resources", widget=GovSubmitInput())


class ResourceForm(FlaskForm):  # type: ignore[misc]
    title = StringField("Title", widget=GovTextInput())
    summary = TextAreaField("Summary", widget=GovTextArea())
    theme_id = ChosenByService("Theme")
    link = StringField("Link to the resource", widget=GovTextInput())
    licence = StringField("Licence", description="For example, CC BY 4.0", widget=GovTextInput())
    engagement_id = SelectField(
        "From an engagement (optional)",
        description="The library says it came from an expert engagement, never which service",
        widget=GovSelect(),
        validate_choice=False,  # the service checks it is the expert's own engagement
    )
    submit = SubmitField("Publish resource", widget=GovSubmitInput())

    def content(self) -> dict[str, Any]:
        """What publishing and revising both take."""
        return {
            "title": self.title.data,
            "summary": self.summary.data,
            "theme_id": self.theme_id.chosen,
            "link": self.link.data,
            "licence": self.licence.data,
        }

    def fill(self, resource: ResourceRecord) -> None:
        self.title.data, self.summary.data = resource.title, resource.summary
        self.theme_id.data, self.link.data = str(resource.theme_id), resource.link
        self.licence.data = resource.licence

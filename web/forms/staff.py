"""Programme staff's forms: invitations, people and the programme's reference data."""

from __future__ import annotations

from uuid import UUID

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import ValidationError

from web.forms.fields import Checkboxes, LondonDateField, MonthField, Radios, choices


class InviteForm(FlaskForm):  # type: ignore[misc]
    name = StringField("Full name", widget=GovTextInput())
    email = StringField("Email address", widget=GovTextInput())
    roles = Checkboxes("Roles")
    service_id = SelectField(
        "Library service", description="For service staff and peers", widget=GovSelect()
    )
    theme_ids = Checkboxes("Themes", description="For experts and peers")
    submit = SubmitField("Send invitation", widget=GovSubmitInput())


class RolesForm(FlaskForm):  # type: ignore[misc]
    roles = Checkboxes("Roles")
    service_id = SelectField(
        "Library service", description="For service staff and peers", widget=GovSelect()
    )
    submit = SubmitField("Change roles", widget=GovSubmitInput())


class EraseForm(FlaskForm):  # type: ignore[misc]
    """Erasing a person's details cannot be undone: staff tick to say they mean it."""

    confirm = BooleanField(
        "The person asked for their details to be erased, and I understand this cannot be undone",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Erase personal details", widget=GovSubmitInput())

    def validate_confirm(self, field: BooleanField) -> None:
        if not field.data:
            raise ValidationError("Tick the box to confirm that the details are to be erased")


class RegionForm(FlaskForm):  # type: ignore[misc]
    region_id = SelectField(
        "Region they look after",
        description="A regional engagement manager's home page and queue start with it",
        widget=GovSelect(),
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class RegistryForm(FlaskForm):  # type: ignore[misc]
    """A region, library service or theme: a short code and a name."""

    code = StringField(
        "Code", description="Short and lower case, for example east-midlands", widget=GovTextInput()
    )
    name = StringField("Name", widget=GovTextInput())
    region_id = SelectField("Region", widget=GovSelect())
    submit = SubmitField("Add", widget=GovSubmitInput())


class QueueForm(FlaskForm):  # type: ignore[misc]
    """Filters of the requests queue. A GET form."""

    class Meta:
        csrf = False

    theme_id = SelectField("Theme", widget=GovSelect())
    region_id = SelectField("Region", widget=GovSelect())
    submit = SubmitField("Filter", widget=GovSubmitInput())


class AsOfForm(FlaskForm):  # type: ignore[misc]
    """A moment in UK time, for histories as they stood then. A GET form."""

    class Meta:
        csrf = False

    as_of_date = LondonDateField("Date")
    as_of_time = StringField(
        "Time", description="24-hour clock, for example 09:00", widget=GovTextInput()
    )
    subject = HiddenField()  # chosen on the search page (/history/find)
    submit = SubmitField("Show", widget=GovSubmitInput())

    def validate_subject(self, field: HiddenField) -> None:
        try:
            UUID(field.data or "")
        except ValueError:
            raise ValidationError(
                "There is no such history: find whose history to read with the search"
            ) from None


class DashboardForm(FlaskForm):  # type: ignore[misc]
    """Which months and theme a dashboard's charts and figures count. A GET form."""

    class Meta:
        csrf = False

    first_month = MonthField(
        "From month", description="For example, 2027-01. Leave empty to start from the beginning."
    )
    last_month = MonthField(
        "Until month", description="For example, 2027-06. Leave empty to include every month since."
    )
    theme_id = SelectField("Theme", default="", widget=GovSelect())
    submit = SubmitField("Show the figures", widget=GovSubmitInput())

    def chosen(self) -> dict[str, str]:
        """The filters chosen, as a link's query (for the CSV downloads)."""
        found = {
            "first_month": self.first_month.month,
            "last_month": self.last_month.month,
            "theme_id": self.theme_id.data,
        }
        return {name: value for name, value in found.items() if value}


class ProgrammeHistoryForm(FlaskForm):  # type: ignore[misc]
    """Filters of the whole programme's history. A GET form."""

    class Meta:
        csrf = False

    kind = SelectField(  # an unknown kind is refused by the history, at this field
        "Kind of event", default="", validate_choice=False, widget=GovSelect()
    )
    since = LondonDateField("From")
    until = LondonDateField("To")
    order = SelectField(
        "Order",
        choices=choices([("newest", "Newest first"), ("oldest", "Oldest first")]),
        default="newest",
        widget=GovSelect(),
    )
    submit = SubmitField("Show", widget=GovSubmitInput())


class PeopleForm(FlaskForm):  # type: ignore[misc]
    """Finding people: words in a name, email address or library service; a role; an
    account status. A GET form."""

    class Meta:
        csrf = False

    q = StringField(
        "Name, email or library service", description="Any part of it", widget=GovTextInput()
    )
    role = SelectField("Role", default="", widget=GovSelect())
    status = SelectField("Account", default="", widget=GovSelect())
    submit = SubmitField("Find", widget=GovSubmitInput())


class ExtractForm(FlaskForm):  # type: ignore[misc]
    """What part of the record to export, and as what. A GET form."""

    class Meta:
        csrf = False

    service_id = SelectField(  # an unknown service is refused by the service, at this field
        "Library service", default="", validate_choice=False, widget=GovSelect()
    )
    region_id = SelectField("Region", default="", validate_choice=False, widget=GovSelect())
    since = LondonDateField("From")
    until = LondonDateField("To")
    format = Radios(
        "Format",
        choices=choices(
            [
                ("csv", "CSV, for a spreadsheet"),
                ("jsonl", "JSON Lines, one record a line, for a program"),
            ]
        ),
        default="csv",
    )
    submit = SubmitField("Download", widget=GovSubmitInput())

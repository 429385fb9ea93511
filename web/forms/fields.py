"""Fields whose messages say what is wrong in words a person uses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovTextInput,
)
from wtforms import Field, Form, RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from domain.errors import InvalidInput
from domain.time import FIRST_DAY, LAST_DAY, check_day

# ASCII digits only: str.isdigit() also takes "²" and "٣", which int() then refuses.
DAY_OR_MONTH = re.compile(r"[0-9]{1,2}")
YEAR = re.compile(r"[0-9]{4}")
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,9}")
MONTH = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})")


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    return [SelectChoice(value=str(value), label=label) for value, label in pairs]


def optional_id(value: str | None) -> UUID | None:
    """A filter's chosen id; nothing chosen, or something that is no id, means any."""
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


class LondonDateField(Field):  # type: ignore[misc]
    """A date typed as day, month and year in three boxes (GOV.UK date input)."""

    widget = GovDateInput()

    def __init__(self, label: str, *, required: bool = False, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.required = required
        self.data: date | None = None

    def _value(self) -> str:
        return f"{self.data:%d %m %Y}" if self.data else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        parts = ([value.strip() for value in valuelist] + ["", "", ""])[:3]
        self.raw_data = parts  # the GOV.UK widget shows back exactly three boxes
        if not any(parts):
            self.data = None
            return
        name = str(self.label.text)
        if not all(parts):
            raise ValueError(f"{name} must include a day, a month and a year")
        day, month, year = parts
        if not (
            DAY_OR_MONTH.fullmatch(day) and DAY_OR_MONTH.fullmatch(month) and YEAR.fullmatch(year)
        ):
            raise ValueError(f"{name} must be numbers, like 27 3 2027")
        try:
            self.data = check_day(date(int(year), int(month), int(day)), name)
        except InvalidInput as refused:
            raise ValueError(refused.message) from None
        except ValueError:
            raise ValueError(f"{name} must be a real date") from None

    @property
    def given(self) -> date:
        """The date, for a command that needs one: refused with a message if empty."""
        if self.data is None:
            raise InvalidInput(f"enter {str(self.label.text).lower()}", field=self.name)
        return self.data

    def pre_validate(self, form: Form) -> None:
        if self.required and self.data is None and not self.process_errors:
            raise ValidationError(f"Enter {str(self.label.text).lower()}")


class WholeNumberField(StringField):  # type: ignore[misc]
    """A whole number typed in a text box (GOV.UK advises against type=number)."""

    widget = GovTextInput()

    def __init__(self, label: str, *, example: str = "8", **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.example = example
        self.number: int | None = None

    @property
    def given(self) -> int:
        if self.number is None:
            raise InvalidInput(f"enter {str(self.label.text).lower()}", field=self.name)
        return self.number

    def pre_validate(self, form: Form) -> None:
        text = (self.data or "").strip().replace(",", "")
        name = str(self.label.text)
        if not text:
            raise ValidationError(f"Enter {name.lower()}")
        if not WHOLE_NUMBER.fullmatch(text):
            raise ValidationError(f"{name} must be a whole number, like {self.example}")
        self.number = int(text)


class MonthField(StringField):  # type: ignore[misc]
    """A month typed as year and month, like 2027-03 (optional: empty means any)."""

    widget = GovTextInput()

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.month: str | None = None

    def pre_validate(self, form: Form) -> None:
        text = (self.data or "").strip()
        self.month = None
        if not text:
            return
        found = MONTH.fullmatch(text)
        first, last = FIRST_DAY.year, LAST_DAY.year
        if not (found and 1 <= int(found["month"]) <= 12 and first <= int(found["year"]) <= last):
            raise ValidationError(f"{self.label.text} must be a year and month, like 2027-03")
        self.month = f"{found['year']}-{int(found['month']):02d}"


class Radios(RadioField):  # type: ignore[misc]
    widget = GovRadioInput()

    def pre_validate(self, form: Form) -> None:
        if not self.data:
            raise ValidationError(f"Choose {str(self.label.text).lower()}")
        super().pre_validate(form)


class ChosenByService(Radios):
    """Radios whose choice the service checks (so that its message comes with every other
    problem of the form at once): nothing chosen is passed on as ``None``."""

    def pre_validate(self, form: Form) -> None:
        if self.data:
            super().pre_validate(form)

    @property
    def chosen(self) -> UUID | None:
        return UUID(self.data) if self.data else None


class Checkboxes(SelectMultipleField):  # type: ignore[misc]
    widget = GovCheckboxesInput()

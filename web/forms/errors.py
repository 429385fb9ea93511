"""The service's refusals shown on forms: next to the field they name, and in the summary."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask import flash
from flask_wtf import FlaskForm
from wtforms import Field

from domain.errors import ExpertBankError, InvalidInputs, SlotTaken
from web.display import london_slot
from web.forms.requests import ActionForm

T = TypeVar("T")


def sentence(message: str) -> str:
    """Service messages start in lower case so that they read inside others; pages start
    sentences with a capital."""
    return message[:1].upper() + message[1:] if message else message


def show_error(
    form: FlaskForm, error: ExpertBankError, fields: Mapping[str, str] | None = None
) -> None:
    """Attach ``error`` to the form field it names (through ``fields`` when the service's
    name for it differs), or to the form as a whole; each of several at once."""
    if isinstance(error, InvalidInputs):
        for problem in error.problems:
            show_error(form, problem, fields)
        return
    message = sentence(error.message)
    if isinstance(error, SlotTaken) and error.next_free:
        times = "; ".join(london_slot(start) for start in error.next_free)
        message = f"{message}. The next free times are {times}"
    name = (fields or {}).get(error.field or "", error.field or "")
    field = _field_named(form, name)
    if field is None:
        form.form_errors.append(message)
    else:
        field.errors = [*field.errors, message]


def _field_named(form: FlaskForm, name: str) -> Field | None:
    """The visible field the service means: by name, else the one whose first word the
    service's wording uses ("a reason the service can read" is the reason field)."""
    visible = [f for f in form if f.type not in ("HiddenField", "CSRFTokenField", "SubmitField")]
    words = set(name.replace("_", " ").split())
    exact = [f for f in visible if f.name == name]
    return next(iter(exact or [f for f in visible if f.name.split("_")[0] in words]), None)


def error_summary(form: FlaskForm) -> list[dict[str, Any]]:
    """Items for the GOV.UK error summary: the form's own errors, then each field's first,
    linking to the field (a date input's first box)."""
    items: list[dict[str, Any]] = [{"text": message} for message in form.form_errors]
    for field in form:
        if field.errors and field.type not in ("HiddenField", "CSRFTokenField"):
            target = (
                f"{field.id}-day" if field.type in ("DateField", "LondonDateField") else field.id
            )
            items.append({"text": field.errors[0], "href": f"#{target}"})
    hidden = [f for f in form if f.errors and f.type == "HiddenField"]
    items.extend({"text": sentence(f.errors[0])} for f in hidden)
    return items


def attempt(
    form: FlaskForm, command: Callable[[], T], fields: Mapping[str, str] | None = None
) -> tuple[bool, T | None]:
    """On a valid submission run ``command``; a refusal goes onto the form, so that the
    page shows it with everything the person typed. ``(True, result)`` when it ran."""
    if not form.validate_on_submit():
        return False, None
    try:
        return True, command()
    except ExpertBankError as error:
        show_error(form, error, fields)
        return False, None


def press(command: Callable[[], T]) -> tuple[bool, T | None]:
    """A one-button form (``ActionForm``) posted: run ``command`` like ``attempt``. There is
    no form to show a refusal on, so it is flashed for the page the button leads back to."""
    form = ActionForm()
    done, result = attempt(form, command)
    for message in form.form_errors:
        flash(message, "error")
    return done, result

"""How the pages show times, hours and names: always in Europe/London wall-clock time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from flask import Flask, g
from markupsafe import Markup, escape

from domain.bank_holidays import NATION_NAMES, Nation
from domain.hours import describe_minutes
from domain.time import LONDON, happens_twice
from service.figures import Hours
from web.charts import bar_chart
from web.current import read_models

TAG_COLOURS = {
    "submitted": "blue",
    "shortlisted": "light-blue",
    "approved": "turquoise",
    "matched": "green",
    "active": "green",
    "published": "green",
    "invited": "yellow",
    "completed": "grey",
    "declined": "red",
    "cancelled": "red",
    "deactivated": "red",
    "withdrawn": "grey",
    "closed": "grey",
}


def london(instant: datetime) -> str:
    """``Tuesday 2 March 2027, 10:00`` in London time."""
    local = instant.astimezone(LONDON)
    return f"{local:%A} {local.day} {local:%B %Y}, {_wall_clock(local)}"


def london_slot(start: datetime, end: datetime | None = None) -> str:
    """``Tuesday 2 March 2027, 10:00 to 10:45``: what a slot button reads aloud."""
    if end is None:
        return london(start)
    return f"{london(start)} to {_wall_clock(end.astimezone(LONDON))}"


def _wall_clock(local: datetime) -> str:
    """``01:30``, or ``01:30 BST`` / ``01:30 GMT`` in the hour that comes twice when the
    clocks go back, where the time alone does not say which of the two is meant."""
    if happens_twice(local.date(), local.time().replace(fold=0)):
        return f"{local:%H:%M} {local.tzname()}"
    return f"{local:%H:%M}"


def london_day(value: date | datetime) -> str:
    day = value.astimezone(LONDON).date() if isinstance(value, datetime) else value
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def days_ago(instant: datetime, now: datetime) -> str:
    """``today``, ``yesterday`` or ``4 days ago``: London calendar days, so a request sent
    at 23:00 yesterday was sent yesterday, even if fewer than 24 hours have passed."""
    days = (now.astimezone(LONDON).date() - instant.astimezone(LONDON).date()).days
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def label(value: str) -> str:
    """``no_show`` → ``No show``, ``programme_staff`` → ``Programme staff``."""
    words = value.replace("_", " ").replace("-", " ")
    return words[:1].upper() + words[1:]


def tag(state: str) -> dict[str, Any]:
    colour = TAG_COLOURS.get(state)
    return {"text": label(state), "classes": f"govuk-tag--{colour}" if colour else ""}


def meeting_link(location: str) -> Markup:
    """An online meeting's address as a link (only http and https); any other place as
    text, escaped."""
    if location.startswith(("https://", "http://")) and " " not in location:
        return Markup('<a class="govuk-link" href="{0}">{0}</a>').format(location)
    return escape(location)


def name_of(item_id: UUID | str | None) -> str:
    """The name of a person, service, region or theme, looked up once per page."""
    if not item_id:
        return ""
    try:
        key = item_id if isinstance(item_id, UUID) else UUID(item_id)
    except ValueError:
        return ""
    names: dict[UUID, str] = g.setdefault("names", {})  # once per page, however many rows
    if key not in names:
        names[key] = read_models().registry.name(key)
    return names[key]


def nation_name(nation: str) -> str:
    """``england_and_wales`` → ``England and Wales``: whose bank holidays someone follows."""
    return NATION_NAMES[Nation(nation)]


def figure_hours(minutes: int) -> str:
    """Minutes as hours, shown as the dashboards' figures show them (``45`` → ``0.75``)."""
    return str(Hours(minutes))


def register(app: Flask) -> None:
    app.add_template_filter(london)
    app.add_template_filter(london_slot)
    app.add_template_filter(london_day)
    app.add_template_filter(short_date)
    app.add_template_filter(days_ago)
    app.add_template_filter(label)
    app.add_template_filter(meeting_link)
    app.add_template_filter(describe_minutes, "hours")
    app.add_template_filter(bar_chart, "chart")
    app.add_template_filter(figure_hours)
    app.add_template_global(tag)
    app.add_template_global(name_of)
    app.add_template_global(nation_name)
    app.add_template_filter(name_of)

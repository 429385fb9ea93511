"""The menu: what the signed-in person can go to, by role."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

MENU: list[tuple[str, str, tuple[str, ...]]] = [
    ("Home", "home.dashboard", ()),
    ("Find a session", "bookings.search", ("service_staff", "peer")),
    ("New request", "requests.new", ("service_staff", "peer")),
    ("Availability", "providers.availability", ("expert", "peer")),
    ("My sessions", "providers.sessions", ("expert", "peer")),
    ("Profile", "providers.profile", ("expert", "peer")),
    ("Requests queue", "staff.queue", ("programme_staff",)),
    ("People", "people.people", ("programme_staff",)),
    ("Programme", "dashboards.programme", ("programme_staff", "auditor")),
    ("Mail", "mail.outbox", ("programme_staff",)),
    ("History", "audit.history", ("programme_staff", "auditor")),
    ("Resources", "resources.library", ()),
]


def navigation() -> list[dict[str, Any]]:
    """The menu's items for the signed-in person. The item of the page shown is marked
    ``current``; on a page below an item (a person under People, a new window under
    Availability) that item is marked ``active``, the nearest one if several are."""
    items: list[dict[str, Any]] = []
    for text, endpoint, roles in MENU:
        if roles and not current_user.has(*roles):
            continue
        items.append(
            {"text": text, "href": url_for(endpoint), "current": request.endpoint == endpoint}
        )
    above = [item for item in items if _below(request.path, item["href"])]
    if above and not any(item["current"] for item in items):
        max(above, key=lambda item: len(item["href"]))["active"] = True
    return items


def _below(path: str, href: str) -> bool:
    return href != "/" and path.startswith(href.rstrip("/") + "/")


def sign_out_form() -> Markup:
    """A POST form (with its CSRF token): signing out changes state, so it is not a link."""
    return Markup(
        '<form method="post" action="{action}" class="app-sign-out">'
        '<input type="hidden" name="csrf_token" value="{token}">'
        '<button type="submit" class="govuk-button govuk-button--secondary app-sign-out__button"'
        ' data-module="govuk-button">Sign out</button></form>'
    ).format(action=escape(url_for("auth.sign_out")), token=escape(generate_csrf()))

"""The availability search form and the booking form's choices, kept out of the routes."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import groupby
from typing import Any
from uuid import UUID

from flask import abort, request, url_for

from domain.errors import ExpertBankError, InvalidInput
from domain.hours import describe_minutes
from domain.time import as_utc, london_date
from projections.availability_search import FreeSlot
from projections.bookings_read import BookingSummary
from projections.requests_read import EngagementSummary
from service.records import PersonRecord, WindowRecord
from web.current import actor, bank, my_service, read_models
from web.display import london_day, london_slot, name_of
from web.forms.bookings import BookForm, SearchForm
from web.forms.errors import show_error
from web.forms.fields import choices, optional_id

ANY = [("", "Any")]
Days = list[tuple[str, list[FreeSlot]]]
PAGE = 60
MOVE_DAYS = 92


def search_form() -> SearchForm:
    form = SearchForm(request.args)
    registry = read_models().registry
    form.theme_id.choices = choices(ANY + [(t.theme_id, t.name) for t in registry.themes()])
    form.region_id.choices = choices(ANY + [(r.region_id, r.name) for r in registry.regions()])
    form.provider_kind.choices = choices([*ANY, ("expert", "Experts"), ("peer", "Peers")])
    form.mode.choices = choices([*ANY, ("online", "Online"), ("in_person", "In person")])
    for name in ("theme_id", "region_id", "provider_kind", "mode"):
        form[name].data = form[name].data or ""  # nothing chosen means any
    form.validate()
    for name in ("provider_kind", "mode"):
        form[name].errors = [e for e in form[name].errors if not e.startswith("Choose")]
    return form


def attempt_search(form: SearchForm) -> tuple[Days, dict[str, Any]]:
    """A page of free slots grouped by London day, as (day heading, slots), and its
    links to other pages; a refused search (dates the wrong way round, too long a span,
    a damaged page link) is shown on the form instead."""
    try:
        return _search(form)
    except ExpertBankError as error:
        show_error(form, error, {"kind": "provider_kind"})
        return [], {}


def _search(form: SearchForm) -> tuple[Days, dict[str, Any]]:
    page = read_models().availability.search(
        theme_id=optional_id(form.theme_id.data),
        kind=form.provider_kind.data or None,
        provider_id=optional_id(form.provider_id.data),
        region_id=optional_id(form.region_id.data),
        mode=form.mode.data or None,
        first_day=form.first_day.data,
        last_day=form.last_day.data,
        exclude_service_id=my_service(),  # peer support is between services
        after=form.after.data or None,
        limit=PAGE,
        experts=[e.expert_id for e in engagements_with_hours(my_service())],
    )
    days = groupby(page.slots, key=lambda s: london_day(s.start))
    return [(day, list(group)) for day, group in days], _pagination(page.next_cursor)


def _pagination(next_cursor: str | None) -> dict[str, Any]:
    """GOV.UK pagination for this search: later times (the next page), and the earliest
    again when this is not the first page. Empty for a search that fits one page."""
    args: dict[str, Any] = {
        k: v for k, v in request.args.to_dict(flat=False).items() if k != "after"
    }
    links: dict[str, Any] = {}
    if request.args.get("after"):
        earliest = url_for("bookings.search", **args)
        links["previous"] = {"text": "Earliest times", "href": earliest}
    if next_cursor:
        later = url_for("bookings.search", **args, after=next_cursor)
        links["next"] = {"text": "Later times", "href": later}
    return {"landmarkLabel": "Pages of free times", **links} if links else {}


def offer(form: BookForm) -> tuple[PersonRecord, WindowRecord, str]:
    """The provider and window a booking form is for, and its time in words; 404 for a
    damaged link."""
    try:
        provider_id, window_id = UUID(form.provider_id.data), UUID(form.window_id.data)
        start = as_utc(datetime.fromisoformat(form.start.data or ""))
    except (TypeError, ValueError, InvalidInput):
        abort(404)
    window = bank().availability.window(window_id)
    end = start + timedelta(minutes=int(window.spec["session_minutes"]))
    return bank().people.provider(actor(), provider_id), window, london_slot(start, end)


def free_times_of(booking: BookingSummary, limit: int = 100) -> list[FreeSlot]:
    """Where a booking could move: its provider's free slots for the same theme, in any
    of their windows, over the next three months. The provider moving their own session
    is not held to the notice meant for services."""
    today = london_date(bank().clock.now())
    page = read_models().availability.search(
        provider_id=booking.provider_id,
        theme_id=booking.theme_id,
        first_day=today,
        last_day=today + timedelta(days=MOVE_DAYS - 1),
        limit=limit,
        notice=actor() != booking.provider_id,
    )
    return page.slots


def engagements_with_hours(service_id: UUID | None) -> list[EngagementSummary]:
    """The service's active engagements with hours left: the experts it can book."""
    if service_id is None:
        return []
    found = read_models().requests.engagements(service_id=service_id)
    return [e for e in found if e.state == "active" and e.minutes_left > 0]


def search_notes(form: SearchForm, engaged: list[EngagementSummary]) -> list[str]:
    """Why some providers are not shown, and filters that cannot match."""
    notes = []
    if form.region_id.data and form.provider_kind.data == "expert":
        notes.append(
            "Experts work with services anywhere and have no region: no expert matches a "
            "region. Choose Peers, or any region."
        )
    elif form.region_id.data:
        notes.append("A region keeps peers from that region only: experts have no region.")
    if not engaged:
        notes.append(
            "No experts are shown: your service has no engagement with hours left. Ask for "
            "expert help, and programme staff match you with an expert."
        )
    else:
        names = ", ".join(sorted({e.expert_name for e in engaged}))
        notes.append(
            f"Experts are shown only where your service has an engagement with hours left: {names}."
        )
    return notes


def book_choices(
    form: BookForm, provider: PersonRecord, window: WindowRecord, service_id: UUID
) -> None:
    """An expert is booked through one of the service's engagements with them; a peer as
    peer support, on one of the window's themes."""
    engagements = [e for e in engagements_with_hours(service_id) if e.expert_id == provider.id]
    if "expert" in provider.roles:
        form.engagement_id.choices = choices(
            (
                e.engagement_id,
                f"{e.theme_name}: {describe_minutes(e.minutes_left)} left",
            )
            for e in engagements
        )
        if len(engagements) == 1 and not form.engagement_id.data:
            form.engagement_id.data = str(engagements[0].engagement_id)
        del form.theme_id
    else:
        form.theme_id.choices = choices((t, name_of(t)) for t in window.spec["theme_ids"])
        if len(window.spec["theme_ids"]) == 1:
            form.theme_id.data = str(window.spec["theme_ids"][0])
        del form.engagement_id

"""The availability search form and the booking form's choices, kept out of the routes."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import groupby
from uuid import UUID

from flask import abort, request

from domain.errors import ExpertBankError
from domain.hours import describe_minutes
from service.views import BookingView, PersonView, WindowView
from web.current import bank, lists, my_service
from web.display import london_day, london_slot
from web.forms.bookings import BookForm, SearchForm
from web.forms.errors import show_error
from web.forms.fields import choices
from web.lists import Slot, SlotSearch

ANY = [("", "Any")]


def search_form() -> SearchForm:
    form = SearchForm(request.args)
    form.theme_id.choices = choices(ANY + [(t.id, t.name) for t in lists().themes()])
    form.region_id.choices = choices(ANY + [(r.id, r.name) for r in lists().regions()])
    form.provider_kind.choices = choices([*ANY, ("expert", "Experts"), ("peer", "Peers")])
    form.mode.choices = choices([*ANY, ("online", "Online"), ("in_person", "In person")])
    for name in ("theme_id", "region_id", "provider_kind", "mode"):
        form[name].data = form[name].data or ""  # nothing chosen means any
    form.validate()
    for name in ("provider_kind", "mode"):
        form[name].errors = [e for e in form[name].errors if not e.startswith("Choose")]
    return form


def attempt_search(form: SearchForm) -> list[tuple[str, list[Slot]]]:
    """Free slots grouped by London day, as (day heading, slots); a refused search (dates
    the wrong way round, too long a span) is shown on the form instead."""
    try:
        return _search(form)
    except ExpertBankError as error:
        show_error(form, error, {"kind": "provider_kind"})
        return []


def _search(form: SearchForm) -> list[tuple[str, list[Slot]]]:
    search = SlotSearch(
        theme_id=_id(form.theme_id.data),
        provider_kind=form.provider_kind.data or None,
        provider_id=_id(form.provider_id.data),
        region_id=_id(form.region_id.data),
        mode=form.mode.data or None,
        first_day=form.first_day.data,
        last_day=form.last_day.data,
        exclude_service_id=my_service(),  # peer support is between services
    )
    slots = lists().free_slots(search, bank().clock.now())
    return [(day, list(group)) for day, group in groupby(slots, key=lambda s: london_day(s.start))]


def offer(form: BookForm) -> tuple[PersonView, WindowView, str]:
    """The provider and window a booking form is for, and its time in words; 404 for a
    damaged link."""
    try:
        provider_id, window_id = UUID(form.provider_id.data), UUID(form.window_id.data)
        start = datetime.fromisoformat(form.start.data or "")
    except ValueError:
        abort(404)
    window = bank().availability.window(window_id)
    end = start + timedelta(minutes=int(window.spec["session_minutes"]))
    return bank().people.person(provider_id), window, london_slot(start, end)


def free_times_of(booking: BookingView, limit: int = 20) -> list[Slot]:
    """Where a booking could move: its provider's free slots for the same theme."""
    search = SlotSearch(provider_id=booking.provider_id, theme_id=booking.theme_id, limit=limit)
    return lists().free_slots(search, bank().clock.now())


def book_choices(
    form: BookForm, provider: PersonView, window: WindowView, service_id: UUID
) -> None:
    """An expert is booked through one of the service's engagements with them; a peer as
    peer support, on one of the window's themes."""
    engagements = [
        e
        for e in lists().engagements(service_id=service_id, expert_id=provider.id)
        if e.state == "active"
    ]
    if "expert" in provider.roles:
        form.engagement_id.choices = choices(
            (
                e.id,
                f"{lists().name(e.theme_id)}: "
                f"{describe_minutes(e.allowance_minutes - e.booked_minutes)} left",
            )
            for e in engagements
        )
        if len(engagements) == 1 and not form.engagement_id.data:
            form.engagement_id.data = str(engagements[0].id)
        del form.theme_id
    else:
        form.theme_id.choices = choices((t, lists().name(t)) for t in window.spec["theme_ids"])
        if len(window.spec["theme_ids"]) == 1:
            form.theme_id.data = str(window.spec["theme_ids"][0])
        del form.engagement_id


def _id(value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None

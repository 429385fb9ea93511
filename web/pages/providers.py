"""Experts and peers: profile, availability (windows and time off), sessions, resources."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from domain.availability import WEEKDAYS
from domain.bank_holidays import NATION_NAMES, Nation, bank_holidays_between, holiday_off
from domain.errors import ExpertBankError
from domain.time import london_date
from web.current import actor, bank, me, needs, read_models
from web.display import london_slot, name_of, nation_name
from web.forms.errors import attempt, press, show_error
from web.forms.fields import choices
from web.forms.providers import (
    WINDOW_FIELDS,
    ProfileForm,
    TimeOffForm,
    WindowForm,
)
from web.forms.requests import ActionForm

blueprint = Blueprint("providers", __name__)
PROVIDERS = ("expert", "peer")
WITH_SESSIONS = ("service_staff", "expert", "peer")  # everyone with sessions has a feed
PREVIEW_WEEKS = 4
HOLIDAYS_AHEAD_DAYS = 56  # bank holidays listed without a window to say how far ahead
MOST = 500


@blueprint.route("/provider/profile", methods=["GET", "POST"])
@needs(*PROVIDERS)
def profile() -> ResponseReturnValue:
    person, form = me(), ProfileForm()
    form.theme_ids.choices = choices((t.theme_id, t.name) for t in read_models().registry.themes())
    form.nation.choices = choices((n.value, NATION_NAMES[n]) for n in Nation)
    if not form.is_submitted():
        form.theme_ids.data = [str(t) for t in person.themes_asked or person.theme_ids]
        form.nation.data = person.nation
        form.works_bank_holidays.data = person.works_bank_holidays
        cap = person.peer_cap_minutes
        form.monthly_cap_hours.data = f"{cap / 60:g}" if cap else ""
        form.requires_confirmation.data = person.peer_requires_confirmation
    done, waits = attempt(form, lambda: _save_profile(form))
    if done:
        flash(
            "Your profile is saved. Your change of themes waits for programme staff's approval."
            if waits
            else "Your profile is saved.",
            "success",
        )
        return redirect(url_for("providers.profile"))
    return render_template(
        "providers/profile.html",
        title="Your profile",
        form=form,
        person=person,
        action=ActionForm(),
    )


def _save_profile(form: ProfileForm) -> bool:
    """Peer settings first: they are what typing can get wrong, so a refusal leaves the
    themes as they were too (the theme choices are only live themes). Returns whether a
    change of themes now waits for approval (an expert's does)."""
    if "peer" in me().roles:
        bank().people.set_peer_settings(
            actor(),
            actor(),
            monthly_cap_hours=form.monthly_cap_hours.data,
            requires_confirmation=bool(form.requires_confirmation.data),
        )
    nation, works = form.nation.data or me().nation, bool(form.works_bank_holidays.data)
    if (nation, works) != (me().nation, me().works_bank_holidays):
        bank().people.set_bank_holidays(actor(), actor(), nation=nation, works_bank_holidays=works)
    themes = [UUID(t) for t in form.theme_ids.data or []]
    return bank().people.set_themes(actor(), actor(), theme_ids=themes)


@blueprint.post("/provider/calendar")
@needs(*WITH_SESSIONS)
def calendar_address() -> ResponseReturnValue:
    """A new secret address for the person's calendar feed, shown once (it replaces any
    earlier one, which stops working), with a webcal: link that opens a calendar app."""
    done, link = attempt(ActionForm(), lambda: bank().calendars.issue(actor(), actor()))
    if not done or link is None:
        abort(400)
    webcal = "webcal://" + link.url.split("://", 1)[1]
    return render_template(
        "providers/calendar.html", title="Your calendar address", link=link.url, webcal=webcal
    )


@blueprint.post("/provider/calendar/stop")
@needs(*WITH_SESSIONS)
def stop_calendar() -> ResponseReturnValue:
    if press(lambda: bank().calendars.revoke(actor(), actor()))[0]:
        flash("Your calendar address no longer works.", "success")
    return redirect(url_for("account.details"))


@blueprint.get("/provider/availability")
@needs(*PROVIDERS)
def availability() -> ResponseReturnValue:
    windows = read_models().windows.of_provider(actor())
    today = london_date(bank().clock.now())
    ahead = max((w.spec.horizon_days for w in windows), default=HOLIDAYS_AHEAD_DAYS)
    return render_template(
        "providers/availability.html",
        title="Your availability",
        windows=windows,
        holidays=bank_holidays_between(today, today + timedelta(days=ahead), me().nation),
        ahead_days=ahead,
        nation=nation_name(me().nation),
        works_bank_holidays=me().works_bank_holidays,
        time_off=read_models().windows.time_off(actor()),
        calendars=read_models().own_calendars.of_provider(actor()),
        weekdays=WEEKDAYS,
        action=ActionForm(),
    )


@blueprint.route("/provider/availability/new", methods=["GET", "POST"])
@needs(*PROVIDERS)
def new_window() -> ResponseReturnValue:
    form = _window_form()
    slots = _preview(form)
    publish = bank().availability.publish
    if (
        slots is None
        and attempt(form, lambda: publish(actor(), actor(), form.to_input()), WINDOW_FIELDS)[0]
    ):
        flash("Your availability is published.", "success")
        return redirect(url_for("providers.availability"))
    return render_template(
        "providers/window.html", title="Publish availability", form=form, slots=slots
    )


@blueprint.route("/provider/availability/<uuid:window_id>/change", methods=["GET", "POST"])
@needs(*PROVIDERS)
def change_window(window_id: UUID) -> ResponseReturnValue:
    window = bank().availability.own_window(actor(), window_id)
    form = _window_form(window.spec)
    slots = _preview(form)
    change = bank().availability.change
    done, changed = (False, None)
    if slots is None:
        done, changed = attempt(
            form, lambda: change(actor(), window_id, form.to_input()), WINDOW_FIELDS
        )
    if done and changed is not None:
        flash(_kept("Your availability is changed.", changed.bookings_kept), "success")
        return redirect(url_for("providers.availability"))
    return render_template(
        "providers/window.html", title="Change availability", form=form, slots=slots
    )


def _preview(form: WindowForm) -> list[tuple[str, str | None]] | None:
    """The window's first weeks of slots (from today, or from when it opens), each with
    the bank holiday it falls on that the person does not work, when they asked for a
    preview; else None."""
    if not (form.is_submitted() and form.preview.data and form.validate()):
        return None
    now = bank().clock.now()
    try:
        ranges = bank().availability.first_slots(
            form.to_input(), now, timedelta(weeks=PREVIEW_WEEKS)
        )
    except ExpertBankError as error:
        show_error(form, error, WINDOW_FIELDS)
        return []
    person = me()
    return [
        (
            london_slot(r.start, r.end),
            holiday_off(london_date(r.start), person.nation, person.works_bank_holidays),
        )
        for r in ranges
    ]


def _window_form(spec: dict[str, Any] | None = None) -> WindowForm:
    form = WindowForm()
    form.kind.choices = choices([("weekly", "Every week"), ("one_off", "Once")])
    form.weekday.choices = choices(enumerate(WEEKDAYS))
    form.theme_ids.choices = choices((t, name_of(t)) for t in me().theme_ids)
    form.mode.choices = choices([("online", "Online"), ("in_person", "In person")])
    if not form.is_submitted() and spec is not None:
        form.fill(spec)
    elif not form.is_submitted():
        form.kind.data, form.mode.data = "weekly", "online"
        form.session_minutes.data, form.buffer_minutes.data = "45", "15"
        form.notice_hours.data, form.horizon_days.data, form.seats.data = "48", "56", "1"
        form.theme_ids.data = [str(t) for t in me().theme_ids[:1]]
    return form


@blueprint.post("/provider/availability/<uuid:window_id>/withdraw")
@needs(*PROVIDERS)
def withdraw_window(window_id: UUID) -> ResponseReturnValue:
    done, changed = press(lambda: bank().availability.withdraw(actor(), window_id))
    if done and changed is not None:
        flash(_kept("The availability is withdrawn.", changed.bookings_kept), "success")
    return redirect(url_for("providers.availability"))


@blueprint.route("/provider/time-off/new", methods=["GET", "POST"])
@needs(*PROVIDERS)
def time_off() -> ResponseReturnValue:
    form = TimeOffForm()
    done, changed = attempt(
        form,
        lambda: bank().availability.add_time_off(
            actor(),
            actor(),
            first_day=form.first_day.given,
            last_day=form.last_day.given,
            note=form.note.data or "",
            from_time=form.from_time.data,
            until_time=form.until_time.data,
        ),
        {"first_day": "first_day", "last_day": "last_day", "end": "last_day"},
    )
    if done and changed is not None:
        flash(_kept("Your time off is added.", changed.bookings_kept), "success")
        return redirect(url_for("providers.availability"))
    return render_template("providers/time_off.html", title="Add time off", form=form)


@blueprint.post("/provider/time-off/<uuid:time_off_id>/remove")
@needs(*PROVIDERS)
def remove_time_off(time_off_id: UUID) -> ResponseReturnValue:
    if press(lambda: bank().availability.remove_time_off(actor(), time_off_id))[0]:
        flash("The time off is removed: those days can be booked again.", "success")
    return redirect(url_for("providers.availability"))


def _kept(message: str, booking_ids: list[UUID]) -> str:
    """Bookings a change did not cancel are named, never silently left in conflict."""
    if not booking_ids:
        return message
    sessions = [bank().bookings.booking(actor(), b) for b in booking_ids]
    named = "; ".join(f"{london_slot(s.start, s.end)} with {s.service_name}" for s in sessions)
    return (
        f"{message} These sessions are still booked: {named}. Cancel them if you cannot make them."
    )


@blueprint.get("/provider/sessions")
@needs(*PROVIDERS)
def sessions() -> ResponseReturnValue:
    found = read_models().bookings.for_provider(actor(), when="all", limit=MOST)
    return render_template(
        "providers/sessions.html", title="Your sessions", sessions=found, now=bank().clock.now()
    )

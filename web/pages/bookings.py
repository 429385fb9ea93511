"""Finding free time and booking it; then moving, cancelling, recording and rating."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from domain.ids import time_ordered_id
from projections.bookings_read import BookingSummary
from web.current import actor, bank, me, my_service, needs, read_models
from web.display import london, london_slot, name_of
from web.forms.bookings import (
    BookForm,
    CancelForm,
    DeclineForm,
    FeedbackForm,
    RecordForm,
    RescheduleForm,
)
from web.forms.errors import attempt, press
from web.forms.fields import choices
from web.forms.requests import ActionForm
from web.pages.search import (
    attempt_search,
    book_choices,
    engagements_with_hours,
    free_times_of,
    offer,
    search_form,
    search_notes,
)

blueprint = Blueprint("bookings", __name__)
SERVICE_SIDE = ("service_staff", "peer")
PARTIES = ("service_staff", "peer", "expert")
MOVE_FIELDS = {"start": "slot", "window_id": "slot"}


@blueprint.get("/availability")
@needs(*SERVICE_SIDE)
def search() -> ResponseReturnValue:
    form = search_form()
    slots, pages = ([], {}) if form.errors else attempt_search(form)
    notes = search_notes(form, engagements_with_hours(my_service()))
    return render_template(
        "bookings/search.html",
        title="Find a session",
        form=form,
        slots=slots,
        pages=pages,
        notes=notes,
    )


@blueprint.route("/book", methods=["GET", "POST"])
@needs(*SERVICE_SIDE)
def book() -> ResponseReturnValue:
    form = BookForm(request.args) if request.method == "GET" else BookForm()
    provider, window, when = offer(form)
    book_choices(form, provider, window, my_service())
    command = bank().bookings.book
    done, booking_id = attempt(
        form, lambda: command(actor(), service_id=my_service(), **form.values())
    )
    if done and booking_id is not None:
        flash(_booked_message(bank().bookings.booking(actor(), booking_id)), "success")
        return redirect(url_for("bookings.show", booking_id=booking_id))
    form.booking_id.data = form.booking_id.data or str(time_ordered_id(bank().clock.now()))
    due = (
        None
        if form.engagement_id
        else bank().bookings.answer_due(window.id, form.values()["start"])
    )
    return render_template(
        "bookings/book.html",
        title="Book a session",
        form=form,
        provider=provider,
        when=when,
        answer_due=due,
    )


def _booked_message(booking: BookingSummary) -> str:
    if booking.status == "held":
        return (
            f"Your request is sent to {booking.provider_name}. It is not booked yet: they have "
            f"until {london(booking.hold_until or booking.start)} to confirm or decline, and "
            "the time is kept for you until then. You will get an email when they answer."
        )
    return "The session is booked. An invitation is emailed to both sides."


@blueprint.get("/bookings/<uuid:booking_id>")
def show(booking_id: UUID) -> ResponseReturnValue:
    booking = bank().bookings.booking(actor(), booking_id)
    return render_template(
        "bookings/show.html",
        title="Session",
        booking=booking,
        action=ActionForm(),
        is_service=me().service_id == booking.service_id and current_user.has(*SERVICE_SIDE),
        is_provider=me().id == booking.provider_id,
        now=bank().clock.now(),
        provider_service=_service_of(booking.provider_id),
    )


def _service_of(person_id: UUID) -> str:
    """The library service a peer works for, by name ("" for an expert)."""
    person = read_models().people.person(person_id)
    return name_of(person.service_id) if person else ""


@blueprint.get("/bookings/<uuid:booking_id>/session.ics")
def calendar_file(booking_id: UUID) -> ResponseReturnValue:
    """The session for the person's own calendar, to those who may see it."""
    booking = bank().bookings.booking(actor(), booking_id)
    response = Response(bank().calendars.session_file(booking), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="expert-bank-session.ics"'
    return response


@blueprint.route("/bookings/<uuid:booking_id>/cancel", methods=["GET", "POST"])
@needs(*PARTIES)
def cancel(booking_id: UUID) -> ResponseReturnValue:
    booking, form = bank().bookings.booking(actor(), booking_id), CancelForm()
    command = bank().bookings.cancel
    if attempt(form, lambda: command(actor(), booking_id, reason=form.reason.data))[0]:
        flash("The session is cancelled. Both sides are told.", "success")
        return redirect(url_for("bookings.show", booking_id=booking_id))
    return render_template(
        "bookings/change.html", title="Cancel a session", form=form, booking=booking
    )


@blueprint.route("/bookings/<uuid:booking_id>/move", methods=["GET", "POST"])
@needs(*PARTIES)
def reschedule(booking_id: UUID) -> ResponseReturnValue:
    booking, form = bank().bookings.booking(actor(), booking_id), RescheduleForm()
    form.slot.choices = choices(
        (f"{s.window_id}|{s.start.isoformat()}", london_slot(s.start, s.end))
        for s in free_times_of(booking)
    )
    move = bank().bookings.reschedule
    done, _ = attempt(form, lambda: move(actor(), booking_id, **form.values()), MOVE_FIELDS)
    if done:
        flash("The session is moved. Both calendars are updated.", "success")
        return redirect(url_for("bookings.show", booking_id=booking_id))
    return render_template(
        "bookings/change.html", title="Move a session", form=form, booking=booking
    )


@blueprint.route("/bookings/<uuid:booking_id>/feedback", methods=["GET", "POST"])
@needs(*SERVICE_SIDE)
def feedback(booking_id: UUID) -> ResponseReturnValue:
    booking, form = bank().bookings.booking(actor(), booking_id), FeedbackForm()
    form.rating.choices = choices(RATINGS)
    command = bank().sessions.give_feedback
    done, _ = attempt(
        form,
        lambda: command(
            actor(), booking_id, rating=int(form.rating.data), comment=form.comment.data or ""
        ),
        {"the rating": "rating", "comment": "comment"},
    )
    if done:
        flash("Thank you: your feedback is recorded.", "success")
        return redirect(url_for("bookings.show", booking_id=booking_id))
    return render_template(
        "bookings/change.html", title="Give feedback", form=form, booking=booking
    )


@blueprint.route("/bookings/<uuid:booking_id>/record", methods=["GET", "POST"])
@needs("expert", "peer")
def record(booking_id: UUID) -> ResponseReturnValue:
    booking, form = bank().bookings.booking(actor(), booking_id), RecordForm()
    record_session = bank().sessions.record
    form.outcome.choices = choices(
        [("held", "Yes, it was held"), ("no_show", "No: the service did not come (no-show)")]
    )
    done, _ = attempt(
        form,
        lambda: record_session(actor(), booking_id, **form.values()),
    )
    if done:
        flash("The session is recorded.", "success")
        return redirect(url_for("bookings.show", booking_id=booking_id))
    return render_template(
        "bookings/change.html", title="Record the session", form=form, booking=booking
    )


@blueprint.post("/bookings/<uuid:booking_id>/confirm")
@needs("peer")
def confirm(booking_id: UUID) -> ResponseReturnValue:
    booking = bank().bookings.booking(actor(), booking_id)
    if press(lambda: bank().bookings.confirm_hold(actor(), booking_id))[0]:
        flash(
            f"You confirmed the session with {booking.service_name} on "
            f"{london_slot(booking.start, booking.end)}. They are told, and both calendars "
            "get the invitation.",
            "success",
        )
    return redirect(url_for("bookings.show", booking_id=booking_id))


@blueprint.route("/bookings/<uuid:booking_id>/decline", methods=["GET", "POST"])
@needs("peer")
def decline(booking_id: UUID) -> ResponseReturnValue:
    booking, form = bank().bookings.booking(actor(), booking_id), DeclineForm()
    command = bank().bookings.decline_hold
    if attempt(form, lambda: command(actor(), booking_id, reason=form.reason.data or ""))[0]:
        flash(
            f"You declined {booking.service_name}'s request for "
            f"{london_slot(booking.start, booking.end)}. They are told, and the time is free "
            "again.",
            "success",
        )
        return redirect(url_for("bookings.show", booking_id=booking_id))
    return render_template(
        "bookings/change.html", title="Decline the request", form=form, booking=booking
    )


RATINGS = [
    (5, "5: very useful"),
    (4, "4: useful"),
    (3, "3: somewhat useful"),
    (2, "2: not very useful"),
    (1, "1: not useful at all"),
]

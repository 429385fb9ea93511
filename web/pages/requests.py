"""Expressions of interest: submitted by services, reviewed and matched by programme staff."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from web.current import actor, bank, my_service, needs, read_models
from web.forms.errors import attempt, press
from web.forms.fields import choices
from web.forms.requests import (
    ActionForm,
    AllowanceForm,
    MatchForm,
    ReasonForm,
    RequestForm,
)

blueprint = Blueprint("requests", __name__)
STAFF = "programme_staff"


@blueprint.route("/requests/new", methods=["GET", "POST"])
@needs("service_staff", "peer")
def new() -> ResponseReturnValue:
    form = RequestForm()
    form.theme_id.choices = choices((t.theme_id, t.name) for t in read_models().registry.themes())
    submit = bank().requests.submit
    done, request_id = attempt(
        form, lambda: submit(actor(), service_id=my_service(), **form.values())
    )
    if done:
        flash("Your request has been sent to programme staff.", "success")
        return redirect(url_for("requests.show", request_id=request_id))
    return render_template("requests/new.html", title="Ask for expert help", form=form)


@blueprint.get("/requests/<uuid:request_id>")
def show(request_id: UUID) -> ResponseReturnValue:
    request = bank().requests.request(actor(), request_id)
    return render_template(
        "requests/show.html",
        title="Request",
        request=request,
        service=bank().registry.service(request.service_id),
        action=ActionForm(),
    )


@blueprint.route("/requests/<uuid:request_id>/withdraw", methods=["GET", "POST"])
@needs("service_staff", "peer")
def withdraw(request_id: UUID) -> ResponseReturnValue:
    request, form = bank().requests.request(actor(), request_id), ReasonForm()
    form.reason.label.text = "Why are you withdrawing it? (optional)"
    command = bank().requests.withdraw
    if attempt(form, lambda: command(actor(), request_id, reason=form.reason.data))[0]:
        flash("Your request has been withdrawn.", "success")
        return redirect(url_for("requests.show", request_id=request_id))
    return render_template(
        "requests/reason.html",
        title="Withdraw request",
        form=form,
        request=request,
        what_happens="Withdrawing ends this request and cannot be undone. Programme staff"
        " see your reason; you may ask again with a new request.",
    )


@blueprint.post("/requests/<uuid:request_id>/shortlist")
@needs(STAFF)
def shortlist(request_id: UUID) -> ResponseReturnValue:
    if press(lambda: bank().requests.shortlist(actor(), request_id))[0]:
        flash("The request is shortlisted.", "success")
    return redirect(url_for("requests.show", request_id=request_id))


@blueprint.route("/requests/<uuid:request_id>/approve", methods=["GET", "POST"])
@needs(STAFF)
def approve(request_id: UUID) -> ResponseReturnValue:
    """Approving commits the programme to commissioning an expert: a page says so first."""
    request, form = bank().requests.request(actor(), request_id), ActionForm()
    if attempt(form, lambda: bank().requests.approve(actor(), request_id))[0]:
        flash("The request is approved. Next, match an expert.", "success")
        return redirect(url_for("requests.show", request_id=request_id))
    return render_template(
        "requests/approve.html", title="Approve request", form=form, request=request
    )


@blueprint.route("/requests/<uuid:request_id>/decline", methods=["GET", "POST"])
@needs(STAFF)
def decline(request_id: UUID) -> ResponseReturnValue:
    request, form = bank().requests.request(actor(), request_id), ReasonForm()
    form.reason.label.text = "Reason for declining"
    form.reason.description = "The service will read this."
    command = bank().requests.decline
    if attempt(form, lambda: command(actor(), request_id, reason=form.reason.data))[0]:
        flash("The request is declined; the service can read your reason.", "success")
        return redirect(url_for("staff.queue"))
    return render_template(
        "requests/reason.html",
        title="Decline request",
        form=form,
        request=request,
        what_happens="Declining ends this request and cannot be undone. The service is told,"
        " with your reason, and may ask again with a new request.",
    )


@blueprint.route("/requests/<uuid:request_id>/match", methods=["GET", "POST"])
@needs(STAFF)
def match(request_id: UUID) -> ResponseReturnValue:
    request, form = bank().requests.request(actor(), request_id), MatchForm()
    if not form.is_submitted():  # what the service hoped for, to start from
        form.allowance_hours.data = f"{request.hours_hoped:g}"
        form.ends_on.data = request.preferred_to
    ranked = bank().matching.suggest(actor(), request_id)
    form.expert_id.choices = choices((s.expert.person_id, s.expert.name) for s in ranked)
    match = bank().requests.match
    done, engagement_id = attempt(form, lambda: match(actor(), request_id, **form.values()))
    if done:
        flash("The expert is commissioned. The service can now book sessions.", "success")
        return redirect(url_for("requests.engagement", engagement_id=engagement_id))
    return render_template(
        "requests/match.html", title="Match an expert", form=form, request=request, ranked=ranked
    )


@blueprint.get("/engagements/<uuid:engagement_id>")
def engagement(engagement_id: UUID) -> ResponseReturnValue:
    found = bank().requests.engagement(actor(), engagement_id)
    return render_template(
        "requests/engagement.html",
        title="Engagement",
        engagement=found,
        sessions=read_models().bookings.for_engagement(engagement_id),
        action=ActionForm(),
    )


@blueprint.route("/engagements/<uuid:engagement_id>/allowance", methods=["GET", "POST"])
@needs(STAFF)
def allowance(engagement_id: UUID) -> ResponseReturnValue:
    found, form = bank().requests.engagement(actor(), engagement_id), AllowanceForm()
    if not form.is_submitted():
        form.allowance_hours.data = f"{found.allowance_minutes / 60:g}"
        form.ends_on.data = found.ends_on
    change = bank().requests.change_allowance
    done, _ = attempt(form, lambda: change(actor(), engagement_id, **form.values()))
    if done:
        flash("The allowance is changed.", "success")
        return redirect(url_for("requests.engagement", engagement_id=engagement_id))
    return render_template(
        "requests/allowance.html", title="Change allowance", form=form, engagement=found
    )


@blueprint.route("/engagements/<uuid:engagement_id>/complete", methods=["GET", "POST"])
@needs(STAFF)
def complete(engagement_id: UUID) -> ResponseReturnValue:
    """Marking an engagement complete cannot be undone: a page says what it does first."""
    found, form = bank().requests.engagement(actor(), engagement_id), ActionForm()
    if attempt(form, lambda: bank().requests.complete_engagement(actor(), engagement_id))[0]:
        flash("The engagement is complete.", "success")
        return redirect(url_for("requests.engagement", engagement_id=engagement_id))
    return render_template(
        "requests/complete.html", title="Mark complete", form=form, engagement=found
    )


@blueprint.route("/engagements/<uuid:engagement_id>/close", methods=["GET", "POST"])
@needs(STAFF)
def close(engagement_id: UUID) -> ResponseReturnValue:
    found, form = bank().requests.engagement(actor(), engagement_id), ReasonForm()
    form.reason.label.text = "Why are you closing it before its hours are used?"
    command = bank().requests.close_engagement
    if attempt(form, lambda: command(actor(), engagement_id, reason=form.reason.data))[0]:
        flash("The engagement is closed.", "success")
        return redirect(url_for("requests.engagement", engagement_id=engagement_id))
    return render_template(
        "requests/close.html", title="Close engagement", form=form, engagement=found
    )

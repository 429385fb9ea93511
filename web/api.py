"""The JSON API under ``/api``: the same service and read models as the pages.

It signs in with the same session cookie. Requests that change something carry the
session's CSRF token in an ``X-CSRFToken`` header (``GET /api/me`` gives it).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, abort, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from marshmallow import Schema

from web.current import actor, bank, me, my_service, read_models
from web.schemas import (
    BookingIn,
    BookingOut,
    HistoryOut,
    HistoryQuery,
    ReasonIn,
    RequestIn,
    RequestOut,
    SlotOut,
    SlotQuery,
)

blueprint = Blueprint("api", __name__, url_prefix="/api")


@blueprint.before_request
def _signed_in() -> None:
    if not current_user.is_authenticated:
        abort(401)


def _body(schema: Schema) -> dict[str, Any]:
    loaded: dict[str, Any] = schema.load(request.get_json(silent=True) or {})
    return loaded


@blueprint.get("/me")
def who_am_i() -> ResponseReturnValue:
    person = me()
    return jsonify(
        id=str(person.id),
        name=person.name,
        roles=person.roles,
        service_id=str(person.service_id) if person.service_id else None,
        csrf_token=generate_csrf(),
    )


@blueprint.get("/slots")
def slots() -> ResponseReturnValue:
    page = read_models().availability.search(**SlotQuery().load(request.args))
    return jsonify(slots=SlotOut(many=True).dump(page.slots), next=page.next_cursor)


@blueprint.post("/bookings")
def book() -> ResponseReturnValue:
    booking_id = bank().bookings.book(actor(), service_id=my_service(), **_body(BookingIn()))
    return jsonify(BookingOut().dump(bank().bookings.booking(actor(), booking_id))), 201


@blueprint.get("/bookings/<uuid:booking_id>")
def booking(booking_id: UUID) -> ResponseReturnValue:
    return jsonify(BookingOut().dump(bank().bookings.booking(actor(), booking_id)))


@blueprint.post("/bookings/<uuid:booking_id>/cancel")
def cancel(booking_id: UUID) -> ResponseReturnValue:
    bank().bookings.cancel(actor(), booking_id, **_body(ReasonIn()))
    return jsonify(BookingOut().dump(bank().bookings.booking(actor(), booking_id)))


@blueprint.post("/requests")
def submit_request() -> ResponseReturnValue:
    request_id = bank().requests.submit(actor(), service_id=my_service(), **_body(RequestIn()))
    return jsonify(RequestOut().dump(bank().requests.request(actor(), request_id))), 201


@blueprint.get("/requests/<uuid:request_id>")
def request_detail(request_id: UUID) -> ResponseReturnValue:
    return jsonify(RequestOut().dump(bank().requests.request(actor(), request_id)))


@blueprint.get("/history")
def history() -> ResponseReturnValue:
    if not current_user.has("programme_staff", "auditor"):
        abort(403)
    query = HistoryQuery().load(request.args)
    found = read_models().history.of(query["subject"], query["as_of"])
    return jsonify(events=HistoryOut(many=True).dump(found.entries))

"""Calendar feeds: ``/calendar/<token>.ics``, for calendar apps to subscribe to.

The token in the address is the only credential (calendar apps cannot sign in). A response
carries a strong ETag of its bytes, so an app polling an unchanged calendar gets 304.
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue

from web.health import bank

blueprint = Blueprint("calendar", __name__)


@blueprint.get("/calendar/<token>.ics")
def feed(token: str) -> ResponseReturnValue:
    calendar = bank().calendars.feed(token)
    response = Response(calendar.body, mimetype="text/calendar")
    response.set_etag(calendar.etag)
    response.cache_control.private = True
    response.cache_control.no_cache = True
    response.headers["Content-Disposition"] = 'inline; filename="expert-bank.ics"'
    return response.make_conditional(request)

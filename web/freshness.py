"""Read-your-writes: the page after a command shows what the command did.

After a request that may have changed something, the session remembers the newest event
position. Before each request the views are brought up to it: applied in this process on
the embedded default, or waited for (bounded) while a projection worker applies them.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request, session

from service.application import ExpertBank

POSITION = "views_position"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WAIT_SECONDS = 3.0


def _bank() -> ExpertBank:
    bank: ExpertBank = current_app.extensions["expertbank"]
    return bank


def register(app: Flask) -> None:
    @app.before_request
    def views_up_to_date() -> None:
        if request.endpoint in (None, "static", "health.healthz"):
            return
        views, position = _bank().read_models, session.get(POSITION)
        if views.inline or position is not None:
            views.sync(position, timeout=WAIT_SECONDS)

    @app.after_request
    def remember_position(response: Response) -> Response:
        if request.method in WRITES and response.status_code < 400:
            session[POSITION] = _bank().head_position()
        return response

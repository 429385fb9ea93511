"""Liveness: is the app up, and how far has the event store got."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from service.application import ExpertBank

blueprint = Blueprint("health", __name__)


def bank() -> ExpertBank:
    app_bank: ExpertBank = current_app.extensions["expertbank"]
    return app_bank


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Status, and the position of the newest stored event. "degraded": the app serves,
    but a view or the outbox could not apply some events and holds their records back
    (``faults``, as ``expertbank projections status`` and ``mail status`` list them)."""
    app_bank = bank()
    faults = [*app_bank.read_models.runner.faults(), *app_bank.mail.runner.faults()]
    return jsonify(
        status="degraded" if faults else "ok",
        head_position=app_bank.head_position(),
        faults=[fault.describe() for fault in faults],
    )

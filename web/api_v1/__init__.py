"""The JSON API, version 1, under ``/api/v1``: every resource a person can see or change in
the pages, with the same permissions, through the same service commands and read models.

Each resource group is a small module with its own blueprint (``MODULES``); its marshmallow
schemas load the requests and make the OpenAPI document at ``/api/openapi.json``. The
explorer is at ``/api/docs``.
"""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from web.api_v1 import (
    access,
    availability,
    bookings,
    docs,
    engagements,
    figures,
    history,
    idempotency,
    me,
    providers,
    registry,
    requests,
    resources,
    slots,
    tokens,
)
from web.api_v1.framework import Api

MODULES = [
    me,
    tokens,
    registry,
    providers,
    availability,
    slots,
    requests,
    engagements,
    bookings,
    resources,
    history,
    figures,
]
SECURITY_SCHEMES = {
    "token": {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token (Your account, API tokens)",
    },
    "cookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": "expertbank_session",
        "description": "Signed in on the site; writes also send X-CSRFToken (GET /api/v1/me)",
    },
}


def register(app: Flask, csrf: CSRFProtect) -> None:
    app.config.update(
        API_TITLE="Expert Bank",
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "security": [{"token": []}, {"cookie": []}],
            "components": {"securitySchemes": SECURITY_SCHEMES},
            "info": {"description": __doc__},
        },
    )
    api = Api(app)
    for module in MODULES:
        api.register_blueprint(module.blueprint)
        csrf.exempt(module.blueprint)  # access.py asks cookie callers for the token itself
    app.register_blueprint(docs.blueprint)
    access.register(app, csrf)
    idempotency.register(app)

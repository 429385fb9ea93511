"""The app factory: builds the application on first call, never at import."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from flask import Flask

from service.bootstrap import ExpertBank, bootstrap
from web import calendar, errors, freshness, health


def create_app(bank: ExpertBank | None = None, config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    expertbank = bank or bootstrap()
    app.config.from_mapping(
        SECRET_KEY=expertbank.settings.secret_key or secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    if config:
        app.config.from_mapping(config)
    app.extensions["expertbank"] = expertbank
    errors.register(app)
    freshness.register(app)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(calendar.blueprint)
    return app

"""The app factory: the pages and the JSON API over an application built elsewhere
(``entrypoints.bootstrap``), never at import."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from infrastructure.settings import whole_number
from service.application import ExpertBank
from web import (
    api,
    api_v1,
    auth,
    calendar,
    display,
    errors,
    freshness,
    health,
    links,
    navigation,
    security,
    session_states,
)
from web.forms.errors import error_summary
from web.logs import REDACT_SECRETS
from web.pages import (
    account,
    api_tokens,
    audit,
    bookings,
    dashboards,
    extracts,
    home,
    mail,
    own_calendars,
    people,
    providers,
    requests,
    resources,
    staff,
    texts,
)


def create_app(bank: ExpertBank, config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=bank.settings.session_key(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="expertbank_session",
        WTF_CSRF_TIME_LIMIT=None,
    )
    if config:
        app.config.from_mapping(config)
    _behind_proxies(app, bank)
    app.logger.addFilter(REDACT_SECRETS)  # a failed request is logged with its path
    app.extensions["expertbank"] = bank
    _templates(app)
    csrf = CSRFProtect(app)
    security.register(app, https=_served_over_https(bank))
    auth.register(app)
    errors.register(app)
    freshness.register(app)
    pages = [home, requests, bookings, providers, resources, staff, people, dashboards]
    pages += [mail, audit, extracts, own_calendars, account, api_tokens]
    pages += [texts]
    for blueprint in (health, calendar, *pages, api):
        app.register_blueprint(blueprint.blueprint)
    api_v1.register(app, csrf)
    return app


def _templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("web"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)
    display.register(app)
    session_states.register(app)
    app.add_template_global(error_summary)
    app.add_template_global(navigation.navigation)
    app.add_template_global(navigation.sign_out_form)
    app.add_template_filter(links.with_filters)


def _behind_proxies(app: Flask, bank: ExpertBank) -> None:
    """Behind ``EXPERTBANK_PROXIES`` reverse proxies, the client's address and scheme are
    what the nearest of them says (``X-Forwarded-For``, ``-Proto``, ``-Host``): the
    sign-in limits count per client, and cookies and checks know HTTPS."""
    proxies = whole_number(bank.settings.extra, "EXPERTBANK_PROXIES", 0, 0, 5)
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )


def _served_over_https(bank: ExpertBank) -> bool:
    """Whether people reach the site over HTTPS: its address says so (or, behind a proxy
    with another address, ``EXPERTBANK_SECURE_COOKIES``)."""
    flag = bank.settings.extra.get("EXPERTBANK_SECURE_COOKIES", "").strip().lower()
    return bank.mail_settings.base_url.startswith("https://") or flag in ("1", "true", "yes")

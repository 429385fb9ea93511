"""Security headers on every response; no-store on what only the signed-in, or a feed's
holder, may read; the session cookie sent over HTTPS only when the site is served so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from tests.web.conftest import PASSWORD, Browser
from tests.world import SYSTEM, World
from web import create_app

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def assert_secured(headers: dict[str, str]) -> None:
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_every_kind_of_response_carries_the_security_headers(
    app: Flask, world: World, browser: Browser
) -> None:
    anonymous = app.test_client()
    feed = world.bank.calendars.issue(world.evaluator, world.evaluator)
    staff = browser.sign_in("manager")
    responses = {
        "sign-in page": anonymous.get("/sign-in"),
        "redirect to sign in": anonymous.get("/"),
        "health": anonymous.get("/healthz"),
        "static file": anonymous.get("/static/init.js"),
        "API refusal": anonymous.get("/api/me"),
        "feed": anonymous.get(f"/calendar/{feed.token}.ics"),
        "signed-in page": staff.get("/"),
        "not found page": staff.get("/no-such-page"),
        "API answer": staff.get("/api/me"),
        "export": staff.get("/staff/programme.csv"),
    }

    for what, response in responses.items():
        response.close()
        assert response.status_code in (200, 302, 401, 404), what
        assert_secured(dict(response.headers))


def test_signed_in_pages_exports_and_feeds_are_never_stored(
    app: Flask, world: World, browser: Browser
) -> None:
    feed = world.bank.calendars.issue(world.evaluator, world.evaluator)
    staff = browser.sign_in("manager")

    for path in ("/", "/staff/people", "/staff/programme.csv", "/api/me", "/history"):
        response = staff.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    unchanged = app.test_client().get(f"/calendar/{feed.token}.ics")
    assert unchanged.headers["Cache-Control"] == "no-store"
    with app.test_client().get("/static/init.js") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")


def test_no_template_has_inline_script_style_or_event_handler() -> None:
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in INLINE.finditer(path.read_text())
    ]

    assert not found


def test_pages_as_served_have_no_inline_script_or_style(browser: Browser) -> None:
    staff = browser.sign_in("manager")

    for path in ("/", "/staff/people", "/staff/queue", "/history", "/sign-in"):
        page = staff.get(path).text
        assert not INLINE.search(page), (path, INLINE.search(page))


@pytest.mark.parametrize(
    ("address", "secure"),
    [("https://bank.example.org", True), ("http://127.0.0.1:8000", False)],
)
def test_the_session_cookie_is_secure_whenever_the_site_is_https(
    tmp_path: Path, clock: ManualClock, address: str, secure: bool
) -> None:
    settings = Settings(data_dir=tmp_path, extra={"EXPERTBANK_BASE_URL": address})
    bank = bootstrap(settings, clock)
    try:
        person = bank.people.invite(SYSTEM, name="Ann", email="ann@example.org", roles=["auditor"])
        bank.people.activate(SYSTEM, person.person_id)
        bank.people.set_password(person.person_id, PASSWORD)
        client = create_app(bank, {"SERVER_NAME": "bank.example.org"}).test_client()
        scheme = "https" if secure else "http"
        page = client.get("/sign-in", base_url=f"{scheme}://bank.example.org")
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.text)
        assert token

        response = client.post(
            "/sign-in",
            base_url=f"{scheme}://bank.example.org",
            data={"email": "ann@example.org", "password": PASSWORD, "csrf_token": token[1]},
            headers={"Referer": f"{scheme}://bank.example.org/sign-in"},  # same-origin keeps it
        )

        assert response.status_code == 302, response.text
        cookie = response.headers["Set-Cookie"]
        assert ("; Secure" in cookie) is secure
        assert ("Strict-Transport-Security" in response.headers) is secure
    finally:
        bank.close()

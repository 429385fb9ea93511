"""Browser tests: Debian's chromium driven by Playwright against the app served by a real
threaded WSGI server on a free port, with axe-core checking every page it visits."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page
from werkzeug.serving import make_server

from service.application import ExpertBank
from tests.world import World
from web import create_app

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text() if AXE.exists() else ""
SCREENSHOTS = ROOT / "docs" / "screenshots"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Without chromium the browser tests cannot run: under CI that is a failure (the CI
    script installs it); elsewhere they are skipped, saying why."""
    missing = [str(p) for p in (Path(CHROMIUM), AXE) if not p.exists()]
    if not missing or os.environ.get("CI") == "true":
        return
    reason = f"browser tests need {' and '.join(missing)}: apt-get install chromium; make install"
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def server(bank: ExpertBank, world: World) -> Iterator[str]:
    """The app on a free port of 127.0.0.1, served by werkzeug's threaded WSGI server."""
    for who in ("worcs_head", "manager", "evaluator", "auditor", "leics_peer", "notts_staff"):
        bank.people.set_password(getattr(world, who), PASSWORD)
    httpd = make_server("127.0.0.1", 0, create_app(bank), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=10)


class Visitor:
    """One person in their own browser context: signs in through the real sign-in page,
    and checks every page they reach with axe-core and for anything the content security
    policy refused."""

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.context = context
        self.page: Page = context.new_page()
        self.base = base
        self.checked: list[str] = []
        self.refused: list[str] = []
        self.page.on("console", self._note_refusal)

    def _note_refusal(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def go(self, path: str) -> Page:
        self.page.goto(self.base + path)
        self.check()
        return self.page

    def sign_in(self, who: str) -> Visitor:
        page = self.go("/sign-in")
        page.get_by_label("Email address").fill(f"{who}@example.org")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(self.base + "/")
        self.check()
        return self

    def click(self, name: str, role: str = "button") -> Page:
        self.page.get_by_role(role, name=name).click()  # type: ignore[arg-type]
        self.page.wait_for_load_state()
        self.check()
        return self.page

    def check(self) -> None:
        """Nothing refused by the content security policy, and zero axe-core violations
        at WCAG 2.2 AA on the page as it is now, once its script has run. axe-core is
        evaluated through the browser's developer tools, which the policy does not govern."""
        self.page.locator("body.js-enabled").wait_for(state="attached")  # no eval: the CSP
        assert not self.refused, f"{self.page.url}: {self.refused}"
        self.page.evaluate(AXE_SOURCE)
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
        )
        violations = [
            {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]][:3]}
            for v in result["violations"]
            if not _govuk_conditional_reveal(v)
        ]
        assert not violations, f"{self.page.url}:\n{json.dumps(violations, indent=2)}"
        self.checked.append(self.page.url)

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _govuk_conditional_reveal(violation: dict[str, Any]) -> bool:
    """GOV.UK radios that reveal a kind's own fields tell screen readers so with
    ``aria-expanded``, which ARIA does not yet allow on a radio: axe-core flags it, and
    GOV.UK keeps it on purpose (a known issue, alphagov/govuk-frontend#979; w3c/aria#1404).
    Only that attribute on such a radio is let through; anything else still fails."""
    return violation["id"] == "aria-allowed-attr" and all(
        'class="govuk-radios__input"' in node["html"]
        and "aria-controls=" in node["html"]
        and all(
            "aria-expanded" in check["message"] and check["message"].count("aria-") == 1
            for check in node["any"] + node["all"] + node["none"]
        )
        for node in violation["nodes"]
    )


WIDTHS = {"desktop": 1280, "phone": 390}


def fits(v: Visitor, width: int, part: str = "body") -> None:
    """Nothing in ``part`` of the page reaches past the viewport's width: neither a box nor
    text overflowing its box (text that will not wrap widens the page, not its box)."""
    v.page.set_viewport_size({"width": width, "height": 900})
    wide = v.page.evaluate(
        "([part, w]) => [...document.querySelectorAll(part + ', ' + part + ' *')]"
        ".filter(e => e.getBoundingClientRect().right > w + 0.5"
        " || !(e instanceof SVGElement) && getComputedStyle(e).overflowX === 'visible'"
        " && e.getBoundingClientRect().left + e.scrollWidth > w + 0.5)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5)",
        [part, width],
    )
    assert not wide, f"{v.page.url} scrolls sideways at {width} px: {wide}"


@pytest.fixture
def visit(browser: Browser, server: str) -> Iterator[Any]:
    contexts: list[BrowserContext] = []

    def open_as(who: str | None = None) -> Visitor:
        context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-GB")
        contexts.append(context)
        visitor = Visitor(context, server)
        return visitor.sign_in(who) if who else visitor

    yield open_as
    for context in contexts:
        context.close()

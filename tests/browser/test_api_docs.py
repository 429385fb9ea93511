"""The API explorer in a real browser: Swagger UI from this site's own files draws every
operation of the OpenAPI document, and the content security policy refuses nothing."""

from __future__ import annotations

from playwright.sync_api import Browser, ConsoleMessage


def test_the_explorer_draws_the_api_under_the_policy(browser: Browser, server: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: _note(m, problems))
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))

    page.goto(server + "/api/docs")
    page.locator(".opblock-summary-path", has_text="/api/v1/bookings").first.wait_for()

    assert page.locator(".opblock").count() > 10
    assert not problems
    assert not outside
    context.close()


def _note(message: ConsoleMessage, problems: list[str]) -> None:
    if "Content Security Policy" in message.text or message.type == "error":
        problems.append(message.text)

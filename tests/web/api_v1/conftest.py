from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from tests.web.conftest import Browser
from tests.world import World

V1 = "/api/v1"


class Caller:
    """A client of ``/api/v1``: signed in with the cookie (writes carry the CSRF token
    ``GET /me`` gives), or with a personal API token."""

    def __init__(self, browser: Browser, headers: dict[str, str]) -> None:
        self.browser = browser
        self.headers = headers

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.browser.client.get(V1 + path, headers=self.headers, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> TestResponse:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.browser.client.post(V1 + path, json=body, headers=headers, **kwargs)

    def delete(self, path: str) -> TestResponse:
        return self.browser.client.delete(V1 + path, headers=self.headers)


def signed_in(app: Flask, world: World, who: str) -> Caller:
    browser = Browser(app.test_client(), world).sign_in(who)
    token = browser.get(V1 + "/me").json["csrf_token"]  # type: ignore[index]
    return Caller(browser, {"X-CSRFToken": token})


@pytest.fixture
def api(app: Flask, world: World) -> Any:
    """``api("worcs_head")``: a caller signed in as that person of the world."""
    return lambda who: signed_in(app, world, who)

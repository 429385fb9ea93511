from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service.application import ExpertBank
from tests.world import World
from web import create_app

PASSWORD = "correct horse battery staple"


@pytest.fixture
def app(bank: ExpertBank, world: World) -> Iterator[Flask]:
    yield create_app(bank, {"SERVER_NAME": "expertbank.test"})


class Browser:
    """A test client that signs in through the sign-in page and sends forms with their
    CSRF token, as a person's browser would."""

    def __init__(self, client: FlaskClient, world: World) -> None:
        self.client = client
        self.world = world

    def sign_in(self, who: str) -> Browser:
        self.world.bank.people.set_password(getattr(self.world, who), PASSWORD)
        response = self.submit("/sign-in", {"email": f"{who}@example.org", "password": PASSWORD})
        assert response.status_code == 302, response.text
        return self

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.get(path, **kwargs)

    def token(self, path: str) -> str:
        page = self.client.get(path)
        found = re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"', page.text
        ) or re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found, f"no form on {path}: {page.status_code}"
        return found.group(1)

    def submit(
        self, path: str, data: dict[str, Any], *, form_page: str | None = None
    ) -> TestResponse:
        """POST ``data`` to ``path`` with the token of the form on ``form_page`` (or ``path``)."""
        return self.client.post(path, data={**data, "csrf_token": self.token(form_page or path)})


@pytest.fixture
def browser(app: Flask, world: World) -> Browser:
    return Browser(app.test_client(), world)


@pytest.fixture
def scene(world: World) -> dict[str, Any]:
    """Worcestershire's engagement with the evaluator and one booked session, built through
    the service's commands."""
    bank = world.bank
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    window = world.window(world.evaluator)
    booking = bank.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=window,
        start=datetime(2027, 3, 2, 9, 0, tzinfo=UTC),
        engagement_id=engagement,
        cover="Our confidential survey plans",
    )
    request = bank.requests.engagement(world.manager, engagement).request_id
    return {"engagement": engagement, "window": window, "booking": booking, "request": request}

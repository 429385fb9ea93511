from __future__ import annotations

from service.application import ExpertBank
from tests.web.conftest import Browser
from tests.world import World
from web import create_app


def test_healthz_reports_the_event_store_head(bank: ExpertBank, world: World) -> None:
    client = create_app(bank).test_client()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "head_position": bank.head_position(), "faults": []}
    assert bank.head_position() > 0


def test_the_home_page_sends_a_stranger_to_sign_in(bank: ExpertBank) -> None:
    response = create_app(bank).test_client().get("/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=%2F"


def test_a_fault_shows_a_plain_page_and_no_stack_trace(bank: ExpertBank, world: World) -> None:
    app = create_app(bank)

    @app.get("/broken")
    def broken() -> str:
        raise RuntimeError("a bug")

    browser = Browser(app.test_client(), world).sign_in("manager")
    response = browser.get("/broken")

    assert response.status_code == 500
    assert "Sorry, something went wrong on our side" in response.text
    assert "RuntimeError" not in response.text

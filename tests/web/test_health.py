from __future__ import annotations

from service.bootstrap import ExpertBank
from tests.world import World
from web import create_app


def test_healthz_reports_the_event_store_head(bank: ExpertBank, world: World) -> None:
    client = create_app(bank).test_client()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "head_position": bank.head_position()}
    assert bank.head_position() > 0


def test_home_page_names_the_product(bank: ExpertBank) -> None:
    response = create_app(bank).test_client().get("/")

    assert b"Expert Bank" in response.data

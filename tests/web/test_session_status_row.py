"""The session page's status row: the state's tag and its one-line meaning as page text,
not as escaped markup shown to the reader."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World


def test_the_status_reads_as_a_tag_and_a_sentence(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    service = Browser(app.test_client(), world).sign_in("worcs_head")

    page = service.get(f"/bookings/{scene['booking']}").text

    assert "&lt;span" not in page
    assert (
        '<span class="govuk-body-s">Confirmed by both sides: it takes place at the time shown.'
        "</span>" in page
    )

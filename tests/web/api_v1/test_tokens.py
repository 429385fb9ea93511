"""Personal API tokens: made on the account page (shown once) or by `expertbank tokens`,
stored as digests, sent as a bearer token with exactly the owner's permissions, stopped at
once by revocation, deactivation or erasure, and limited per minute."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from flask import Flask

from entrypoints.bootstrap import bootstrap
from entrypoints.cli import main
from infrastructure.clock import ManualClock
from infrastructure.credentials import token_digest
from infrastructure.settings import Settings
from service.application import ExpertBank
from tests.web.conftest import Browser
from tests.world import World
from web import create_app


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_is_made_on_the_account_page_shown_once_and_listed(
    browser: Browser, world: World
) -> None:
    browser.sign_in("worcs_head")

    made = browser.submit("/account/api-tokens", {"name": "Our booking system"})
    token = re.search(r'id="api-token" class="app-hash">([^<]+)<', made.text)
    assert made.status_code == 200 and token is not None
    listed = browser.get("/account/api-tokens")

    assert "Our booking system" in listed.text and "Never used" in listed.text
    assert token.group(1) not in listed.text
    rows = world.bank.database.query("SELECT token_digest FROM {api_tokens}")
    assert rows == [{"token_digest": token_digest(token.group(1))}]
    me = browser.client.get("/api/v1/me", headers=_bearer(token.group(1)))
    assert me.status_code == 200 and me.json is not None
    assert me.json["id"] == str(world.worcs_head) and me.json["csrf_token"] is None
    assert "Never used" not in browser.get("/account/api-tokens").text


def test_a_token_is_revoked_on_the_account_page_and_stops_at_once(
    browser: Browser, world: World
) -> None:
    browser.sign_in("worcs_head")
    made = world.bank.tokens.create(world.worcs_head, world.worcs_head, name="script")
    form_page = "/account/api-tokens"

    revoked = browser.submit(f"/account/api-tokens/{made.token_id}/revoke", {}, form_page=form_page)
    after = browser.client.get("/api/v1/me", headers=_bearer(made.token))

    assert revoked.status_code == 302
    assert after.status_code == 401 and after.json is not None
    assert "not valid" in after.json["message"]


def test_a_bearer_write_needs_no_csrf_token_and_has_the_owners_permissions(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    client = app.test_client()
    own = world.bank.tokens.create(world.worcs_head, world.worcs_head, name="ours").token
    other = world.bank.tokens.create(world.haringey_head, world.haringey_head, name="x").token

    theirs = client.post(
        f"/api/v1/bookings/{scene['booking']}/cancel",
        json={"reason": "ill"},
        headers=_bearer(other),
    )
    staff_only = client.post(f"/api/v1/requests/{scene['request']}/shortlist", headers=_bearer(own))
    mine = client.post(
        f"/api/v1/bookings/{scene['booking']}/cancel", json={"reason": "ill"}, headers=_bearer(own)
    )

    assert theirs.status_code == 403
    assert staff_only.status_code == 403
    assert mine.status_code == 200, mine.json
    assert mine.json is not None and mine.json["status"] == "cancelled"


def test_deactivation_and_erasure_stop_a_token_at_once(app: Flask, world: World) -> None:
    client = app.test_client()
    people = world.bank.people
    head = world.bank.tokens.create(world.worcs_head, world.worcs_head, name="a").token
    notts = world.bank.tokens.create(world.notts_staff, world.notts_staff, name="b").token
    assert client.get("/api/v1/me", headers=_bearer(head)).status_code == 200

    people.deactivate(world.manager, world.worcs_head, reason="left the service")
    people.deactivate(world.manager, world.notts_staff, reason="left")
    people.erase_details(world.manager, world.notts_staff)

    assert client.get("/api/v1/me", headers=_bearer(head)).status_code == 401
    assert client.get("/api/v1/me", headers=_bearer(notts)).status_code == 401
    people.reactivate(world.manager, world.worcs_head)
    assert client.get("/api/v1/me", headers=_bearer(head)).status_code == 200
    assert world.bank.tokens.of(world.notts_staff, world.notts_staff) == []


def test_a_malformed_authorization_header_is_401_not_the_cookie(
    browser: Browser, world: World
) -> None:
    browser.sign_in("worcs_head")

    for header in ("Basic abc", "Bearer", "Bearer nonsense"):
        response = browser.client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401, header


def test_each_token_is_limited_per_minute_and_says_what_is_left(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    bank.tokens.per_minute = 3
    client = create_app(bank).test_client()
    token = bank.tokens.create(world.auditor, world.auditor, name="figures").token

    answers = [client.get("/api/v1/me", headers=_bearer(token)) for _ in range(4)]
    clock.advance(timedelta(minutes=1))
    later = client.get("/api/v1/me", headers=_bearer(token))

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert answers[0].headers["X-RateLimit-Limit"] == "3"
    assert int(answers[3].headers["Retry-After"]) >= 1
    assert answers[3].json is not None and answers[3].json["error"] == "TooManyRequests"
    assert later.status_code == 200 and later.headers["X-RateLimit-Remaining"] == "2"


def test_the_tokens_commands_create_print_once_and_revoke(tmp_path: Path) -> None:
    env = {"EXPERTBANK_DATA_DIR": str(tmp_path / "data"), "EXPERTBANK_DATABASE_URL": ""}
    clock = ManualClock(datetime.now(UTC))
    bank = bootstrap(Settings.from_env(env), clock)
    try:
        world = World.build(bank, clock)
        runner = CliRunner()

        made = runner.invoke(
            main, ["tokens", "create", "auditor@example.org", "--name", "returns"], env=env
        )
        assert made.exit_code == 0, made.output
        token = made.output.strip()
        assert bank.tokens.holder(token) is not None
        listed = runner.invoke(main, ["tokens", "list", "auditor@example.org"], env=env)
        assert "returns" in listed.output and token not in listed.output

        revoked = runner.invoke(
            main, ["tokens", "revoke", "auditor@example.org", "--name", "returns"], env=env
        )
        assert "Revoked 1 token." in revoked.output
        assert bank.tokens.holder(token) is None
        assert bank.tokens.of(world.auditor, world.auditor) == []
        unknown = runner.invoke(
            main, ["tokens", "create", "no@example.org", "--name", "x"], env=env
        )
        assert unknown.exit_code == 1 and "no account" in unknown.output
    finally:
        bank.close()

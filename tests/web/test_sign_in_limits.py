"""Sign-in is throttled per account and per client address, in the database (so every web
process counts the same failures), with a clear message and never for long."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from domain.errors import InvalidInput
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from infrastructure.sign_in_failures import Throttles
from service.application import ExpertBank
from tests.web.conftest import PASSWORD, Browser
from tests.world import World
from web import create_app

REFUSED = "There have been too many failed attempts to sign in: try again in"


def attempt(app: Flask, world: World, who: str, password: str, address: str) -> TestResponse:
    browser = Browser(app.test_client(), world)
    browser.client.environ_base["REMOTE_ADDR"] = address
    return browser.submit("/sign-in", {"email": f"{who}@example.org", "password": password})


def fail(world: World, who: str, address: str) -> None:
    """A failed sign-in straight through the service, as the page makes it."""
    assert world.bank.accounts.sign_in(f"{who}@example.org", "wrong", address=address) is None


def signs_in(app: Flask, world: World, who: str, address: str) -> bool:
    response = attempt(app, world, who, PASSWORD, address)
    if response.status_code == 302:
        return True
    assert response.status_code in (200, 429), response.status_code
    return False


def test_five_failures_hold_that_account_back_from_that_address_for_a_quarter_hour(
    app: Flask, world: World, clock: ManualClock
) -> None:
    world.bank.people.set_password(world.worcs_head, PASSWORD)
    for _ in range(5):
        wrong = attempt(app, world, "worcs_head", "not the password", "203.0.113.7")
        assert "The email address or password is not right" in wrong.text

    refused = attempt(app, world, "worcs_head", PASSWORD, "203.0.113.7")

    assert refused.status_code == 429
    assert f"{REFUSED} 15 minutes" in refused.text
    assert signs_in(app, world, "worcs_head", "198.51.100.1")  # the real user, elsewhere
    clock.advance(timedelta(minutes=10))
    assert f"{REFUSED} 5 minutes" in attempt(app, world, "worcs_head", PASSWORD, "203.0.113.7").text
    clock.advance(timedelta(minutes=5))
    assert signs_in(app, world, "worcs_head", "203.0.113.7")


def test_signing_in_clears_the_failures_from_that_address(app: Flask, world: World) -> None:
    world.bank.people.set_password(world.worcs_head, PASSWORD)
    for _ in range(4):
        attempt(app, world, "worcs_head", "not the password", "203.0.113.7")
    assert signs_in(app, world, "worcs_head", "203.0.113.7")

    for _ in range(4):
        attempt(app, world, "worcs_head", "not the password", "203.0.113.7")

    assert signs_in(app, world, "worcs_head", "203.0.113.7")


def test_guessing_one_account_from_many_addresses_is_held_back_too(
    app: Flask, world: World, clock: ManualClock
) -> None:
    world.bank.people.set_password(world.worcs_head, PASSWORD)
    world.bank.people.set_password(world.derby_staff, PASSWORD)
    for n in range(20):  # four from each of five addresses
        fail(world, "worcs_head", f"203.0.113.{n // 4}")

    assert not signs_in(app, world, "worcs_head", "198.51.100.1")
    assert signs_in(app, world, "derby_staff", "203.0.113.0")  # other accounts sign in
    clock.advance(timedelta(minutes=15))
    assert signs_in(app, world, "worcs_head", "198.51.100.1")


def test_trying_many_accounts_from_one_address_is_held_back(
    app: Flask, world: World, clock: ManualClock
) -> None:
    world.bank.people.set_password(world.worcs_head, PASSWORD)
    for n in range(50):
        fail(world, f"nobody{n}", "203.0.113.9")

    assert not signs_in(app, world, "worcs_head", "203.0.113.9")
    assert signs_in(app, world, "worcs_head", "198.51.100.1")
    clock.advance(timedelta(minutes=15))
    assert signs_in(app, world, "worcs_head", "203.0.113.9")


def test_an_address_without_an_account_is_held_back_like_one_with(app: Flask, world: World) -> None:
    world.bank.people.set_password(world.worcs_head, PASSWORD)
    answers = []
    for who in ("worcs_head", "no_such_person"):
        for _ in range(5):
            attempt(app, world, who, "not the password", "203.0.113.7")
        refused = attempt(app, world, who, "not the password", "203.0.113.7")
        answers.append((refused.status_code, REFUSED in refused.text))

    assert answers == [(429, True), (429, True)]


def test_every_web_process_counts_the_same_failures(
    app: Flask, world: World, bank: ExpertBank, clock: ManualClock
) -> None:
    other_bank = bootstrap(bank.settings, clock)  # another process's application
    try:
        other = create_app(other_bank, {"SERVER_NAME": "expertbank.test"})
        world.bank.people.set_password(world.worcs_head, PASSWORD)
        for n in range(5):
            attempt(app if n % 2 else other, world, "worcs_head", "wrong", "203.0.113.7")

        assert attempt(other, world, "worcs_head", PASSWORD, "203.0.113.7").status_code == 429
        assert attempt(app, world, "worcs_head", PASSWORD, "203.0.113.7").status_code == 429
    finally:
        other_bank.close()


def test_behind_a_proxy_each_client_is_counted_by_its_own_address(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    proxied = bootstrap(replace(bank.settings, extra={"EXPERTBANK_PROXIES": "1"}), clock)
    try:
        app = create_app(proxied, {"SERVER_NAME": "expertbank.test"})
        world.bank.people.set_password(world.worcs_head, PASSWORD)

        def through_proxy(password: str, client: str) -> int:
            browser = Browser(app.test_client(), world)
            browser.client.environ_base["HTTP_X_FORWARDED_FOR"] = client
            form = {"email": "worcs_head@example.org", "password": password}
            return browser.submit("/sign-in", form).status_code

        for _ in range(5):
            through_proxy("wrong", "203.0.113.7")

        assert through_proxy(PASSWORD, "203.0.113.7") == 429
        assert through_proxy(PASSWORD, "198.51.100.1") == 302
    finally:
        proxied.close()


def test_the_limits_and_their_window_are_settings(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    """Two failures from one address hold that account back for 5 minutes, then no more."""
    bank.people.set_password(world.worcs_head, PASSWORD)
    settings = {
        "EXPERTBANK_SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS": "2",
        "EXPERTBANK_SIGN_IN_WINDOW_MINUTES": "5",
    }
    strict = bootstrap(replace(bank.settings, extra=settings), clock)
    try:
        app = create_app(strict, {"SERVER_NAME": "expertbank.test"})
        for _ in range(2):
            assert (
                strict.accounts.sign_in("worcs_head@example.org", "no", address="10.0.0.9") is None
            )
        refused = attempt(app, world, "worcs_head", PASSWORD, "10.0.0.9")
        assert refused.status_code == 429 and "try again in 5 minutes" in refused.text
        assert signs_in(app, world, "worcs_head", "10.0.0.10")  # another address is not held
        clock.advance(timedelta(minutes=5))
        assert signs_in(app, world, "worcs_head", "10.0.0.9")
    finally:
        strict.close()


def test_the_limits_have_their_defaults_and_a_wrong_one_is_named() -> None:
    assert Throttles.from_settings(Settings()) == Throttles()
    assert Throttles().window == timedelta(minutes=15)
    assert (Throttles().per_account_and_address, Throttles().per_account) == (5, 20)
    assert (Throttles().per_address, Throttles().links_per_account) == (50, 3)
    links = Throttles.from_settings(Settings(extra={"EXPERTBANK_PASSWORD_LINKS_PER_ADDRESS": "4"}))
    assert links.links_per_address == 4
    for value in ("0", "many", "-1"):
        wrong = {"EXPERTBANK_SIGN_IN_FAILURES_PER_ADDRESS": value}
        with pytest.raises(InvalidInput, match="EXPERTBANK_SIGN_IN_FAILURES_PER_ADDRESS must"):
            Throttles.from_settings(Settings(extra=wrong))

"""Sessions end on the server: a copy of the cookie taken before a session ended never
works after it (signing out, a password change, erasure, deactivation, idle time and the
absolute lifetime), on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from domain.errors import InvalidInput
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from infrastructure.sign_ins import Limits
from tests.web.conftest import PASSWORD, Browser
from tests.world import World

COOKIE = "expertbank_session"


def copy_of_cookie(app: Flask, browser: Browser) -> Browser:
    """Another browser holding a copy of ``browser``'s session cookie, as a thief would."""
    cookie = browser.client.get_cookie(COOKIE, domain="expertbank.test")
    assert cookie is not None
    thief = Browser(app.test_client(), browser.world)
    thief.client.set_cookie(COOKIE, cookie.value, domain=cookie.domain)
    return thief


def signed_in(browser: Browser) -> bool:
    response = browser.get("/")
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/sign-in")
        return False
    assert response.status_code == 200, response.status_code
    return True


def test_a_copy_of_the_cookie_works_until_sign_out_and_never_after(
    app: Flask, world: World
) -> None:
    browser = Browser(app.test_client(), world).sign_in("worcs_head")
    copy = copy_of_cookie(app, browser)
    assert signed_in(copy)

    browser.submit("/sign-out", {}, form_page="/")

    assert not signed_in(copy)
    assert copy.get("/api/me").status_code == 401
    assert not signed_in(browser)


def test_signing_out_ends_only_that_session(app: Flask, world: World) -> None:
    laptop = Browser(app.test_client(), world).sign_in("worcs_head")
    phone = Browser(app.test_client(), world)
    phone.submit("/sign-in", {"email": "worcs_head@example.org", "password": PASSWORD})

    laptop.submit("/sign-out", {}, form_page="/")

    assert signed_in(phone)


def test_a_new_password_ends_every_session_of_that_person(app: Flask, world: World) -> None:
    browser = Browser(app.test_client(), world).sign_in("worcs_head")
    copy = copy_of_cookie(app, browser)
    other = Browser(app.test_client(), world).sign_in("derby_staff")

    world.bank.people.set_password(world.worcs_head, "a brand new passphrase")

    assert not signed_in(browser)
    assert not signed_in(copy)
    assert signed_in(other)


def test_erasure_ends_every_session_of_that_person(app: Flask, world: World) -> None:
    browser = Browser(app.test_client(), world).sign_in("derby_staff")
    copy = copy_of_cookie(app, browser)

    world.bank.people.erase_details(world.manager, world.derby_staff)

    assert not signed_in(browser)
    assert not signed_in(copy)


def test_reactivation_does_not_revive_the_sessions_deactivation_ended(
    app: Flask, world: World
) -> None:
    browser = Browser(app.test_client(), world).sign_in("derby_staff")
    copy = copy_of_cookie(app, browser)

    world.bank.people.deactivate(world.manager, world.derby_staff, reason="left the service")
    world.bank.people.reactivate(world.manager, world.derby_staff)

    assert not signed_in(browser)
    assert not signed_in(copy)
    assert signed_in(Browser(app.test_client(), world).sign_in("derby_staff"))


def test_a_session_ends_after_an_hour_unused(app: Flask, world: World, clock: ManualClock) -> None:
    used = Browser(app.test_client(), world).sign_in("worcs_head")
    unused = Browser(app.test_client(), world).sign_in("derby_staff")

    clock.advance(timedelta(minutes=50))
    assert signed_in(used)
    clock.advance(timedelta(minutes=50))

    assert signed_in(used)
    assert not signed_in(unused)
    clock.advance(timedelta(minutes=60))
    assert not signed_in(used)


def test_a_session_in_use_ends_twelve_hours_after_signing_in(
    app: Flask, world: World, clock: ManualClock
) -> None:
    browser = Browser(app.test_client(), world).sign_in("worcs_head")

    for _ in range(14):  # every 50 minutes: never idle for an hour
        clock.advance(timedelta(minutes=50))
        assert signed_in(browser)
    clock.advance(timedelta(minutes=50))  # 12 hours 30 minutes after signing in

    assert not signed_in(browser)


@pytest.mark.parametrize(
    ("environ", "idle", "lifetime"),
    [
        ({}, timedelta(minutes=60), timedelta(hours=12)),
        (
            {"EXPERTBANK_SESSION_IDLE_MINUTES": "15", "EXPERTBANK_SESSION_HOURS": "8"},
            timedelta(minutes=15),
            timedelta(hours=8),
        ),
    ],
)
def test_the_limits_are_settings_with_defaults(
    environ: dict[str, str], idle: timedelta, lifetime: timedelta
) -> None:
    limits = Limits.from_settings(Settings(extra=environ))

    assert (limits.idle, limits.lifetime) == (idle, lifetime)


@pytest.mark.parametrize("value", ["0", "-5", "ten", "100000"])
def test_a_limit_out_of_range_is_refused_naming_the_setting(value: str) -> None:
    with pytest.raises(InvalidInput, match="EXPERTBANK_SESSION_IDLE_MINUTES must be"):
        Limits.from_settings(Settings(extra={"EXPERTBANK_SESSION_IDLE_MINUTES": value}))

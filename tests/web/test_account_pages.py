"""A person looks after their own account: a forgotten password by a one-time link sent
through the outbox (the answer never says whether the address has an account), changing the
password (the current one required; every other sign-in ends), their own name and phone."""

from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_string
from email.policy import default

from flask import Flask

from infrastructure.clock import ManualClock
from tests.web.conftest import PASSWORD, Browser
from tests.web.test_sessions_end import copy_of_cookie, signed_in
from tests.world import World

NEW = "violet tractor fjord lantern"


def links_mailed(world: World, to: str) -> list[str]:
    """The password links in the outbox's messages to ``to``."""
    world.bank.mail.update()
    links = []
    for message in world.bank.mail.messages(world.manager):
        if message.recipient == to:
            content = world.bank.mail.content(world.manager, message.id)
            text = message_from_string(content, policy=default).get_body(("plain",))
            assert text is not None
            links += re.findall(r"http://\S+/invitation/([\w-]+)", text.get_content())
    return links


def without_token(page: str) -> str:
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", page)


def ask_for_a_link(app: Flask, world: World, email: str) -> str:
    browser = Browser(app.test_client(), world)
    response = browser.submit("/forgotten-password", {"email": email})
    assert response.headers["Location"] == "/sign-in"
    return browser.get("/sign-in").text


def test_a_forgotten_password_is_replaced_through_a_link_that_works_once(
    app: Flask, world: World
) -> None:
    signed_in_elsewhere = Browser(app.test_client(), world).sign_in("worcs_head")
    page = ask_for_a_link(app, world, "Worcs_Head@example.org")

    assert "If worcs_head@example.org has an Expert Bank account, we have emailed" in page
    (token,) = links_mailed(world, "worcs_head@example.org")
    browser = Browser(app.test_client(), world)
    chosen = browser.submit(f"/invitation/{token}", {"password": NEW, "confirm": NEW})
    assert chosen.status_code == 302
    assert world.bank.people.authenticate("worcs_head@example.org", NEW) == world.worcs_head
    assert world.bank.people.authenticate("worcs_head@example.org", PASSWORD) is None
    assert not signed_in(signed_in_elsewhere)
    again = browser.submit(f"/invitation/{token}", {"password": PASSWORD, "confirm": PASSWORD})
    assert "has expired or has already been used" in again.text


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    app: Flask, world: World
) -> None:
    known = ask_for_a_link(app, world, "worcs_head@example.org")
    unknown = ask_for_a_link(app, world, "nobody@example.org")

    assert without_token(known).replace("worcs_head@", "nobody@") == without_token(unknown)
    assert links_mailed(world, "nobody@example.org") == []
    assert len(links_mailed(world, "worcs_head@example.org")) == 1


def test_a_deactivated_account_is_sent_no_link(app: Flask, world: World) -> None:
    world.bank.people.deactivate(world.manager, world.derby_staff, reason="left the service")

    ask_for_a_link(app, world, "derby_staff@example.org")

    assert links_mailed(world, "derby_staff@example.org") == []


def test_a_link_lasts_two_hours_and_only_the_newest_works(
    app: Flask, world: World, clock: ManualClock
) -> None:
    ask_for_a_link(app, world, "worcs_head@example.org")
    (first,) = links_mailed(world, "worcs_head@example.org")  # the first one went out
    ask_for_a_link(app, world, "worcs_head@example.org")
    (second,) = set(links_mailed(world, "worcs_head@example.org")) - {first}
    browser = Browser(app.test_client(), world)

    replaced = browser.submit(f"/invitation/{first}", {"password": NEW, "confirm": NEW})
    clock.advance(timedelta(hours=2, minutes=1))
    expired = browser.submit(f"/invitation/{second}", {"password": NEW, "confirm": NEW})

    for refused in (replaced, expired):
        assert "has expired or has already been used" in refused.text
    assert world.bank.people.authenticate("worcs_head@example.org", NEW) is None


def test_a_mailbox_is_sent_three_links_a_quarter_hour_at_most(
    app: Flask, world: World, clock: ManualClock
) -> None:
    for _ in range(5):
        page = ask_for_a_link(app, world, "worcs_head@example.org")
        assert "If worcs_head@example.org has an Expert Bank account" in page
        links_mailed(world, "worcs_head@example.org")  # each goes out before the next

    assert len(links_mailed(world, "worcs_head@example.org")) == 3
    clock.advance(timedelta(minutes=15))
    ask_for_a_link(app, world, "worcs_head@example.org")
    assert len(links_mailed(world, "worcs_head@example.org")) == 4


def test_a_mistyped_address_is_named_at_its_field(app: Flask, world: World) -> None:
    response = Browser(app.test_client(), world).submit(
        "/forgotten-password", {"email": "not an address"}
    )

    assert response.status_code == 200
    assert "Enter an email address like name@example.org" in response.text


def test_changing_the_password_needs_the_current_one_and_ends_every_other_sign_in(
    app: Flask, world: World
) -> None:
    browser = Browser(app.test_client(), world).sign_in("worcs_head")
    elsewhere = Browser(app.test_client(), world)
    elsewhere.submit("/sign-in", {"email": "worcs_head@example.org", "password": PASSWORD})
    old_cookie = copy_of_cookie(app, browser)
    form = "/account/password"

    wrong = browser.submit(form, {"current_password": "a guess", "password": NEW, "confirm": NEW})
    weak = browser.submit(
        form, {"current_password": PASSWORD, "password": "short", "confirm": "short"}
    )
    assert "Your current password is not right" in wrong.text
    assert "at least 12 characters" in weak.text
    assert signed_in(elsewhere)

    done = browser.submit(form, {"current_password": PASSWORD, "password": NEW, "confirm": NEW})

    assert done.headers["Location"] == "/account"
    assert "Your password is changed" in browser.get("/account").text
    assert signed_in(browser)
    assert not signed_in(elsewhere)
    assert not signed_in(old_cookie)
    assert world.bank.people.authenticate("worcs_head@example.org", NEW) == world.worcs_head


def test_a_person_edits_their_own_name_and_phone(app: Flask, world: World) -> None:
    browser = Browser(app.test_client(), world).sign_in("evaluator")
    assert 'href="/account">Your account</a>' in browser.get("/").text

    empty = browser.submit("/account", {"name": "", "phone": "01632 960000"})
    saved = browser.submit("/account", {"name": "Eve Aluator", "phone": "01632 960000"})

    assert "There is a problem" in empty.text
    assert saved.headers["Location"] == "/account"
    page = browser.get("/account").text
    assert "Your details are saved." in page
    assert 'value="Eve Aluator"' in page
    assert world.bank.people.person(world.evaluator).phone == "01632 960000"

"""Signing in and out, invitations, cookies, CSRF and the ``next`` page."""

from __future__ import annotations

import re
from email import message_from_string
from email.policy import default

import pytest
from flask import Flask

from tests.web.conftest import PASSWORD, Browser
from tests.world import SYSTEM, World


def test_signing_in_sets_an_httponly_samesite_session_cookie(app: Flask, world: World) -> None:
    browser = Browser(app.test_client(), world)
    world.bank.people.set_password(world.worcs_head, PASSWORD)

    response = browser.submit("/sign-in", {"email": "WORCS_HEAD@example.org", "password": PASSWORD})

    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Worcestershire" in browser.get("/").text


def test_a_wrong_password_is_refused_with_a_message_and_the_email_kept(
    app: Flask, world: World
) -> None:
    browser = Browser(app.test_client(), world)
    world.bank.people.set_password(world.worcs_head, PASSWORD)

    response = browser.submit("/sign-in", {"email": "worcs_head@example.org", "password": "nope"})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "The email address or password is not right" in response.text
    assert 'value="worcs_head@example.org"' in response.text
    assert browser.get("/").status_code == 302


def test_a_deactivated_account_cannot_sign_in_and_is_signed_out(app: Flask, world: World) -> None:
    browser = Browser(app.test_client(), world).sign_in("derby_staff")
    world.bank.people.deactivate(world.manager, world.derby_staff, reason="left the service")

    assert browser.get("/").status_code == 302
    again = browser.submit("/sign-in", {"email": "derby_staff@example.org", "password": PASSWORD})
    assert "The email address or password is not right" in again.text


@pytest.mark.parametrize(
    ("asked", "landed"),
    [
        ("/staff/queue", "/staff/queue"),
        ("https://evil.example.com/", "/"),
        ("//evil.example.com/", "/"),
        ("/\\evil.example.com", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_only_leads_to_a_page_of_this_site(
    app: Flask, world: World, asked: str, landed: str
) -> None:
    browser = Browser(app.test_client(), world)
    world.bank.people.set_password(world.manager, PASSWORD)

    response = browser.client.post(
        "/sign-in",
        query_string={"next": asked},
        data={
            "email": "manager@example.org",
            "password": PASSWORD,
            "csrf_token": browser.token("/sign-in"),
        },
    )

    assert response.headers["Location"] == landed


def test_forms_without_their_csrf_token_are_refused(app: Flask, world: World) -> None:
    browser = Browser(app.test_client(), world).sign_in("worcs_head")

    response = browser.client.post("/sign-out")

    assert response.status_code == 400
    assert "security token" in response.text
    assert browser.get("/").status_code == 200


def test_signing_out_ends_the_session(app: Flask, world: World) -> None:
    browser = Browser(app.test_client(), world).sign_in("worcs_head")

    response = browser.submit("/sign-out", {}, form_page="/")

    assert response.status_code == 302
    assert browser.get("/").status_code == 302


def test_an_invitation_link_sets_the_password_once(app: Flask, world: World) -> None:
    invitation = world.bank.people.invite(
        SYSTEM, name="Sam Newcomer", email="sam@example.org", roles=["auditor"]
    )
    browser = Browser(app.test_client(), world)
    link = f"/invitation/{invitation.token}"

    mismatch = browser.submit(link, {"password": "a long password", "confirm": "another one"})
    assert "The two passwords are not the same" in mismatch.text

    done = browser.submit(link, {"password": "a long password", "confirm": "a long password"})
    assert done.status_code == 302
    assert world.bank.people.authenticate("sam@example.org", "a long password") is not None

    reused = browser.submit(link, {"password": "another password", "confirm": "another password"})
    assert "has expired or has already been used" in reused.text
    assert world.bank.people.authenticate("sam@example.org", "another password") is None


def test_staff_invite_shows_the_one_time_link(app: Flask, world: World) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")

    page = staff.submit(
        "/staff/people/invite",
        {
            "name": "Pat Expert",
            "email": "pat@example.org",
            "roles": ["expert"],
            "service_id": "",
            "theme_ids": [str(world.comms)],
        },
    )

    link = re.search(r"http://expertbank.test/invitation/([\w-]+)", page.text)
    assert link, page.text
    assert world.bank.people.find_by_email("pat@example.org") is not None
    world.bank.mail.update()  # and the same link is on its way by mail
    (message,) = world.bank.mail.messages(world.manager)
    assert (message.kind, message.recipient) == ("sign_up", "pat@example.org")
    mail = message_from_string(world.bank.mail.content(world.manager, message.id), policy=default)
    text = mail.get_body(("plain",))
    assert text is not None
    assert re.search(rf"/invitation/{link.group(1)}\s", text.get_content())

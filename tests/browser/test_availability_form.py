"""The availability form in a real browser: each kind of window shows only its own fields
(GOV.UK conditional radios, under the content security policy), every field shows without
script, and the availability page lists the coming bank holidays; at phone and desktop
widths nothing scrolls sideways."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Browser, expect

from tests.browser.conftest import WIDTHS, Visitor, fits
from tests.browser.test_journeys import fill_date

Visit = Callable[..., Visitor]


def test_each_kind_of_window_shows_only_its_own_fields(visit: Visit) -> None:
    v = visit("evaluator")
    page = v.go("/provider/availability/new")
    weekly, once = page.get_by_label("Every week"), page.get_by_label("Once")
    day_of_week = page.get_by_label("Day of the week")
    one_off_date = page.get_by_role("group", name="Date (one-off windows)")

    expect(weekly).to_be_checked()
    expect(day_of_week).to_be_visible()
    expect(one_off_date).to_be_hidden()
    for width in WIDTHS.values():
        fits(v, width)

    once.check()
    expect(one_off_date).to_be_visible()
    expect(day_of_week).to_be_hidden()
    expect(page.get_by_role("group", name="First week")).to_be_hidden()
    v.check()
    fill_date(v, "Date (one-off windows)", "16", "3", "2027")
    page.get_by_label("From").fill("10:00")
    page.get_by_label("Until").fill("12:00")
    page.get_by_label("Online link or place").fill("https://meet.example.org/once")
    v.click("Publish")
    expect(page.get_by_text("Your availability is published.")).to_be_visible()
    expect(page.get_by_text("Tuesday 16 March 2027, 10:00 to 12:00")).to_be_visible()


def test_a_refused_one_off_window_opens_again_on_its_own_fields(visit: Visit) -> None:
    v = visit("evaluator")
    page = v.go("/provider/availability/new")
    page.get_by_label("Once").check()
    page.get_by_label("From").fill("10:00")
    page.get_by_label("Until").fill("12:00")
    v.click("Publish")

    expect(page.get_by_role("alert")).to_contain_text("Enter the date of a one-off window")
    expect(page.get_by_label("Once")).to_be_checked()
    expect(page.get_by_role("group", name="Date (one-off windows)")).to_be_visible()
    expect(page.get_by_label("Day of the week")).to_be_hidden()


def test_without_script_every_field_shows(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/sign-in")
    page.get_by_label("Email address").fill("evaluator@example.org")
    page.get_by_label("Password", exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    page.goto(server + "/provider/availability/new")

    expect(page.get_by_label("Day of the week")).to_be_visible()
    expect(page.get_by_role("group", name="Date (one-off windows)")).to_be_visible()
    context.close()


def test_the_availability_page_shows_the_coming_bank_holidays(visit: Visit) -> None:
    v = visit("evaluator")
    page = v.go("/provider/availability")

    holidays = page.get_by_role("table", name="Bank holidays in the next 56 days")
    expect(holidays).to_contain_text("Friday 26 March 2027")
    expect(holidays).to_contain_text("Good Friday")
    expect(holidays.get_by_text("Not offered")).to_have_count(2)
    for width in WIDTHS.values():
        fits(v, width)

"""One end-to-end journey per role in a real browser, signing in through the sign-in page,
with axe-core run on every page reached (error pages included)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from uuid import uuid4

from playwright.sync_api import expect

from tests.browser.conftest import Visitor
from tests.world import World

Visit = Callable[..., Visitor]


def fill_date(v: Visitor, legend: str, day: str, month: str, year: str) -> None:
    group = v.page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def service_asks_for_help(v: Visitor, world: World) -> None:
    page = v.go("/requests/new")
    page.get_by_label("Advocacy and evidence: Evaluation").check()
    page.get_by_label("What do you need help with?").fill(
        "Evaluate our reading-for-wellbeing offer"
    )
    page.get_by_label("What outcomes do you hope for?").fill("Evidence of impact for councillors")
    fill_date(v, "Earliest date", "31", "2", "2027")
    page.get_by_label("Hours of expert time you think you need").fill("10000")
    v.click("Submit request")
    expect(page.get_by_role("alert")).to_contain_text("Earliest date must be a real date")
    expect(page.get_by_label("What do you need help with?")).to_have_value(
        "Evaluate our reading-for-wellbeing offer"
    )
    v.screenshot("request-form-errors")
    fill_date(v, "Earliest date", "1", "4", "2027")
    v.click("Submit request")
    expect(page.get_by_role("alert")).to_contain_text("between 0.5 and 100 hours")
    page.get_by_label("Hours of expert time you think you need").fill("8")
    v.click("Submit request")
    expect(page.get_by_role("heading", name="Request for expert help")).to_be_visible()


def staff_approve_and_match(v: Visitor) -> None:
    page = v.go("/staff/queue")
    v.screenshot("staff-requests-queue")

    v.click("Request of Worcestershire for Advocacy and evidence: Evaluation", "link")
    v.click("Shortlist")
    v.click("Approve", "link")
    v.click("Approve the request")
    v.click("Match an expert", "link")
    expect(page.get_by_text("Suggested first. Covers this theme")).to_be_visible()
    page.get_by_label("Evaluator").check()
    page.get_by_label("Allowance in hours").fill("8")
    fill_date(v, "Hours to be used by", "30", "6", "2027")
    v.screenshot("staff-match-expert")
    v.click("Commission expert")
    expect(page.get_by_text("8 hours", exact=True).first).to_be_visible()
    staff_pages = ("/staff/people", "/staff/themes", "/staff/mail", "/history", "/resources")
    for other in staff_pages:
        v.go(other)  # each checked by axe
    v.go("/staff/programme.csv?first_month=March")  # the figures' form, with its error
    expect(page.get_by_role("alert")).to_contain_text("From month must be a year and month")
    page.get_by_role("link", name="West Midlands").first.click()
    v.check()
    v.screenshot("staff-regional-dashboard")
    expect(page.get_by_text("Worcestershire: Advocacy and evidence: Evaluation")).to_have_count(0)
    v.go("/staff/people")
    page.get_by_role("link", name="Evaluator", exact=True).click()
    v.check()
    v.click("Erase personal details", "link")
    v.click("Erase personal details")
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to confirm")


def expert_publishes_tuesdays(v: Visitor) -> None:
    page = v.go("/provider/availability/new")
    page.get_by_label("Day of the week").select_option(label="Tuesday")
    fill_date(v, "First week", "1", "3", "2027")
    page.get_by_label("From").fill("10:00")
    page.get_by_label("Until").fill("13:00")
    page.get_by_label("Session length in minutes").fill("90")
    page.get_by_label("Minimum notice in hours").fill("24")
    page.get_by_label("Online link or place").fill("https://meet.example.org/evaluation")
    v.click("Preview the slots")
    expect(page.get_by_text("Tuesday 2 March 2027, 10:00 to 11:30")).to_be_visible()
    v.screenshot("provider-availability-editor")
    v.click("Publish")
    expect(page.get_by_text("Tuesdays, 10:00 to 13:00")).to_be_visible()
    for other in ("/provider/profile", "/provider/time-off/new", "/provider/sessions"):
        v.go(other)
    v.go("/resources/new")
    page.get_by_label("Title").fill("Evaluation toolkit")
    page.get_by_label("Summary").fill("A survey and an analysis sheet")
    page.get_by_label("Advocacy and evidence: Evaluation").check()
    page.get_by_label("Link to the resource").fill("https://example.org/toolkit")
    page.get_by_label("Licence").fill("CC BY 4.0")
    page.get_by_label("From an engagement (optional)").select_option(index=1)
    v.click("Publish resource")
    expect(page.get_by_text("From an expert engagement.")).to_be_visible()
    v.click("Change Evaluation toolkit", "link")
    v.go(page.url.removeprefix(v.base).replace("/change", "/withdraw"))
    v.click("Withdraw resource")
    expect(page.get_by_role("alert")).to_contain_text("Enter a reason")


def service_books_the_expert(v: Visitor) -> str:
    page = v.go("/")
    v.screenshot("service-dashboard")
    v.click("Evaluator", "link")
    v.click("Book a session with Evaluator", "link")
    v.screenshot("service-find-a-session")
    v.click("Tuesday 2 March 2027, 10:00 to 11:30 with Evaluator (expert, online)", "link")
    page.get_by_label("What do you want to cover?").fill("Our survey design")
    v.click("Book this session")
    expect(page.get_by_text("The session is booked.")).to_be_visible()
    return page.url


def test_an_expert_engagement_from_request_to_history(visit: Visit, world: World) -> None:
    service_asks_for_help(visit("worcs_head"), world)
    staff_approve_and_match(visit("manager"))
    expert = visit("evaluator")
    expert_publishes_tuesdays(expert)
    service = visit("worcs_head")
    session = service_books_the_expert(service)

    world.clock.advance(timedelta(days=1, hours=3))  # a day on, each signs in again
    expert, service = visit("evaluator"), visit("worcs_head")
    page = expert.go(session.removeprefix(expert.base))
    v = expert
    v.click("Record the session", "link")
    page.get_by_label("Yes, it was held").check()
    page.get_by_label("Notes").fill("Agreed a logic model")
    page.get_by_label("Follow-up actions").fill("Draft the survey")
    v.click("Record the session")
    expect(page.get_by_text("The session is recorded.")).to_be_visible()

    page = service.go(session.removeprefix(service.base))
    service.click("Give feedback", "link")
    page.get_by_label("5: very useful").check()
    service.click("Send feedback")
    expect(page.get_by_text("5 out of 5")).to_be_visible()

    auditor = visit("auditor")
    page = auditor.go(f"/history?subject={world.worcestershire}")
    expect(page.get_by_text(re.compile("rated .* 5 out of 5"))).to_be_visible()
    fill_date(auditor, "As of date", "2", "3", "2027")
    page.get_by_label("As of time").fill("09:00")
    auditor.click("Show")
    expect(page.get_by_text("As it stood on Tuesday 2 March 2027, 09:00")).to_be_visible()
    expect(page.get_by_text("with Evaluator: booked")).to_be_visible()
    expect(page.get_by_text(re.compile("rated .* 5 out of 5"))).to_have_count(0)
    assert page.locator("form[method=post]").count() == 1  # signing out, nothing else
    auditor.screenshot("auditor-history-as-of")


def test_staff_invite_someone_who_sets_a_password_and_signs_in(visit: Visit) -> None:
    staff = visit("manager")
    page = staff.go("/staff/people/invite")
    page.get_by_label("Full name").fill("Sam Newcomer")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Service staff").check()
    page.get_by_label("Library service").select_option(label="Derby")
    staff.click("Send invitation")
    link = page.locator("#invitation-link").inner_text()
    invitee = visit()
    page = invitee.go(link.removeprefix(invitee.base))
    page.get_by_label("Choose a password").fill("short")
    page.get_by_label("Type the password again").fill("short")
    invitee.click("Set password")
    expect(page.get_by_role("alert")).to_contain_text("at least 12 characters")
    page.get_by_label("Choose a password").fill("a long enough password")
    page.get_by_label("Type the password again").fill("a long enough password")
    invitee.click("Set password")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Password", exact=True).fill("a long enough password")
    invitee.click("Sign in")
    expect(page.get_by_role("heading", name="Derby")).to_be_visible()


def test_a_peer_publishes_time_and_another_service_books_it(visit: Visit, world: World) -> None:
    peer = visit("leics_peer")
    page = peer.go("/provider/availability/new")
    page.get_by_label("Day of the week").select_option(label="Tuesday")
    fill_date(peer, "First week", "1", "3", "2027")
    page.get_by_label("From").fill("09:00")
    page.get_by_label("Until").fill("12:00")
    page.get_by_label("Online link or place").fill("https://meet.example.org/partners")
    peer.click("Publish")

    notts = visit("notts_staff")
    page = notts.go("/availability")
    page.get_by_label("Theme").select_option(label="Transformation: Partnerships")
    page.get_by_label("Peers").check()
    notts.click("Search")
    first = page.get_by_role("link", name=re.compile(r"^Tuesday 9 March 2027, 09:00 to 09:45"))
    first.click()
    notts.check()
    page.get_by_label("What do you want to cover?").fill("Working with health partners")
    notts.click("Book this session")
    expect(page.get_by_text("Peer support", exact=True)).to_be_visible()

    for refused in (f"/bookings/{uuid4()}", "/staff/queue"):  # error pages are checked too
        expect(notts.go(refused).get_by_role("heading", level=1)).to_contain_text(
            re.compile("Page not found|You cannot see or change this")
        )

    page = peer.go("/provider/sessions")
    expect(page.get_by_role("link", name="Tuesday 9 March 2027, 09:00 to 09:45")).to_be_visible()
    peer.screenshot("provider-sessions")

"""The expert journey through the pages, with the test client: every step a real form."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World


def _id_after(prefix: str, location: str) -> str:
    found = re.search(prefix + r"/([0-9a-f-]{36})", location)
    assert found, location
    return found.group(1)


def test_a_request_goes_from_need_to_feedback(app, world: World) -> None:
    service, staff, expert = (Browser(app.test_client(), world) for _ in range(3))
    service.sign_in("worcs_head")
    staff.sign_in("manager")
    expert.sign_in("evaluator")

    sent = service.submit(
        "/requests/new",
        {
            "theme_id": str(world.evaluation),
            "need": "Evaluate our reading-for-wellbeing offer",
            "outcomes": "Evidence for councillors",
            "hours_hoped": "8",
        },
    )
    assert sent.status_code == 302, sent.text
    request_id = _id_after("/requests", sent.headers["Location"])
    page = f"/requests/{request_id}"
    assert staff.get("/staff/queue").text.count("Worcestershire") >= 1

    assert staff.submit(f"{page}/shortlist", {}, form_page=page).status_code == 302
    assert "Approve this request?" in staff.get(f"{page}/approve").text
    assert staff.submit(f"{page}/approve", {}).status_code == 302
    matched = staff.submit(
        f"{page}/match",
        {"expert_id": str(world.evaluator), "allowance_hours": "8", "ends_on": ["30", "6", "2027"]},
    )
    assert matched.status_code == 302, matched.text
    engagement_id = _id_after("/engagements", matched.headers["Location"])

    published = expert.submit(
        "/provider/availability/new",
        {
            "kind": "weekly",
            "weekday": "1",
            "start_time": "10:00",
            "end_time": "13:00",
            "first_date": ["1", "3", "2027"],
            "last_date": ["", "", ""],
            "session_minutes": "90",
            "buffer_minutes": "15",
            "notice_hours": "24",
            "horizon_days": "90",
            "seats": "1",
            "theme_ids": [str(world.evaluation)],
            "mode": "online",
            "location": "https://meet.example.org/eval",
            "publish": "Publish",
        },
    )
    assert published.status_code == 302, published.text

    search = service.get(
        f"/availability?provider_id={world.evaluator}&engagement_id={engagement_id}"
    )
    assert "Tuesday 2 March 2027, </span>10:00 to 11:30" in search.text
    link = re.search(r'href="(/book\?[^"]+)"', search.text)
    assert link
    form_page = link.group(1).replace("&amp;", "&")
    form = service.get(form_page).text
    hidden = dict(
        re.findall(
            r'name="(booking_id|window_id|provider_id|start)" type="hidden" value="([^"]*)"', form
        )
    )
    booked = service.submit(
        "/book",
        {**hidden, "engagement_id": engagement_id, "cover": "Our survey"},
        form_page=form_page,
    )
    assert booked.status_code == 302, booked.text
    booking_id = _id_after("/bookings", booked.headers["Location"])

    world.clock.advance(timedelta(days=1, hours=3))  # a day on, each signs in again
    for browser, who in ((service, "worcs_head"), (staff, "manager"), (expert, "evaluator")):
        browser.sign_in(who)
    recorded = expert.submit(
        f"/bookings/{booking_id}/record",
        {
            "outcome": "held",
            "notes": "Good start",
            "outcomes": "A logic model",
            "actions": "Survey",
        },
    )
    assert recorded.status_code == 302, recorded.text
    rated = service.submit(f"/bookings/{booking_id}/feedback", {"rating": "5", "comment": "Useful"})
    assert rated.status_code == 302, rated.text

    history = staff.get(f"/history?subject={world.worcestershire}").text
    assert "5 out of 5" in history
    assert "1.5 hours" in staff.get(f"/engagements/{engagement_id}").text


def test_a_service_moves_a_session_then_cancels_it_with_a_reason(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    service = Browser(app.test_client(), world).sign_in("worcs_head")
    page = f"/bookings/{scene['booking']}"
    form = service.get(f"{page}/move").text
    choice = re.search(r'value="([0-9a-f-]{36}\|2027-03-09T09:00:00\+00:00)"', form)
    assert choice, "the next Tuesday's first slot is offered"

    moved = service.submit(f"{page}/move", {"slot": choice.group(1), "reason": "Clash"})
    assert moved.status_code == 302, moved.text
    assert "Tuesday 9 March 2027, 09:00 to 09:45" in service.get(page).text

    refused = service.submit(f"{page}/cancel", {"reason": ""}).text
    assert "Enter a reason" in refused
    cancelled = service.submit(f"{page}/cancel", {"reason": "Staff illness"})
    assert cancelled.status_code == 302
    shown = service.get(page).text
    assert "Staff illness" in shown and "Cancelled" in shown
    assert world.bank.requests.engagement(world.manager, scene["engagement"]).booked_minutes == 0

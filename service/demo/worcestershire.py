"""Scenario 1: Worcestershire asks for help with evaluation and gets an expert for 8 hours;
three sessions are booked, the expert moves one a week later, the service cancels another,
sessions are held and rated, the expert publishes a toolkit; the engagement is still under
way, with hours left, a session waiting for the service's feedback and one for the
expert's record.
Haringey's request in the same round is declined with a reason Haringey can read."""

from __future__ import annotations

from service.demo.stage import Stage
from service.demo.timeline import FRI, MON, THU, TUE, WED, Story


def worcestershire(stage: Stage) -> Story:
    yield stage.at(-6, MON, "14:10")
    bank, helen, sarah = stage.bank, stage.people["helen"], stage.people["sarah"]
    request = stage.submit(
        "claire",
        "evaluation",
        8,
        "We run a reading-for-wellbeing offer (Reading Well collections and shared reading "
        "groups in six libraries) and want help to evaluate it, so that we can show its "
        "impact to councillors before the next budget round.",
        "An evaluation framework we can run ourselves; a short impact report for elected "
        "members; confidence in collecting outcome data without burdening group leaders.",
    )
    yield stage.at(-6, WED, "10:30")
    bank.requests.shortlist(helen, request)
    yield stage.at(-6, THU, "15:00")
    bank.requests.approve(helen, request)
    yield stage.at(-5, MON, "11:00")
    engagement = bank.requests.match(
        helen, request, expert_id=sarah, allowance_hours=8, ends_on=stage.calendar.day(10, FRI)
    )

    yield stage.at(-5, TUE, "10:20")
    first, second, third = (
        stage.book("claire", "sarah", window, stage.at(week, day, wall), cover, engagement)
        for window, week, day, wall, cover in [
            ("sarah-tue", -4, TUE, "09:30", "Agree what the evaluation should show, and to whom."),
            ("sarah-tue", -3, TUE, "09:30", "Choose outcome measures and a light survey."),
            ("sarah-thu", -3, THU, "11:30", "Plan the councillor briefing."),
        ]
    )
    yield stage.at(-4, TUE, "12:00")
    stage.held(
        "sarah",
        first,
        "Mapped the offer: who takes part, what changes for them, and what the council cares "
        "about (loneliness, mental health referrals).",
        "A one-page theory of change agreed with the reading-for-wellbeing team.",
        "Service: list existing data sources. Expert: draft three outcome measures.",
    )
    yield stage.at(-4, WED, "09:15")
    stage.feedback(
        "claire",
        first,
        5,
        "Clear and practical: the theory of change is already helping us explain the offer.",
    )
    yield stage.at(-4, WED, "14:00")
    bank.bookings.reschedule(
        sarah,
        second,
        window_id=stage.windows["sarah-tue"],
        start=stage.working_day(stage.at(-2, TUE, "09:30")),
        reason="I am speaking at a conference that morning: same time, one week later.",
    )
    yield stage.at(-4, FRI, "10:00")
    bank.bookings.cancel(
        stage.people["claire"],
        third,
        reason="Our councillor briefing has moved to the new year; we will use the hours later.",
    )
    yield stage.at(-2, TUE, "11:45")
    stage.held(
        "sarah",
        second,
        "Reviewed the draft measures with two group leaders; cut the survey to five questions.",
        "A short before-and-after survey and a simple attendance log.",
        "Service: pilot the survey in two groups. Expert: write the analysis template.",
    )
    yield stage.at(-2, WED, "09:00")
    stage.feedback("claire", second, 5, "Exactly the right level of effort for our teams.")
    stage.book(  # held last week, and not yet recorded by Sarah
        "claire",
        "sarah",
        "sarah-tue",
        stage.at(-1, TUE, "09:30"),
        "Check the pilot survey's first returns before the analysis.",
        engagement,
    )
    fourth = stage.book(
        "claire",
        "sarah",
        "sarah-thu",
        stage.at(-1, THU, "13:30"),
        "Turn the pilot results into an impact story for councillors.",
        engagement,
    )
    yield stage.at(-1, THU, "15:30")
    stage.held(
        "sarah",
        fourth,
        "Went through the pilot survey results and chose three stories to tell.",
        "A draft impact report outline and the briefing slides' structure.",
        "Service: present to the portfolio holder. Expert: publish the toolkit.",
    )
    yield stage.at(-1, FRI, "11:00")
    bank.sessions.publish_resource(
        sarah,
        title="Reading for wellbeing: an evaluation toolkit",
        summary="A theory of change template, a five-question survey, an attendance log and "
        "an analysis sheet, with a guide to turning results into a councillor briefing.",
        theme_id=stage.themes["evaluation"],
        link="https://resources.example.org/reading-for-wellbeing-evaluation-toolkit",
        licence="CC BY 4.0",
        engagement_id=engagement,
    )
    # The engagement stays under way: hours left to book, the last session waits for
    # Claire's feedback and last Tuesday's for Sarah's record.


def haringey(stage: Stage) -> Story:
    yield stage.at(-6, MON, "16:00")
    request = stage.submit(
        "daniel",
        "comms",
        10,
        "We are relaunching our library offer after refurbishing two branches and want a "
        "communications and engagement plan that reaches residents who do not use us today.",
        "A campaign plan, messages tested with residents, and a way to measure reach.",
    )
    yield stage.at(-6, THU, "15:30")
    stage.bank.requests.decline(
        stage.people["helen"],
        request,
        reason="Thank you for a strong application. This round funds three pilots, and the "
        "panel prioritised services without communications support of their own. Peer support "
        "on communications is open to you now (Hackney's peer is close by), and we would "
        "welcome a new application in the next round.",
    )

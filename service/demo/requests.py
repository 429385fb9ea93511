"""Expressions of interest in the remaining states: one withdrawn, one approved and waiting
for an expert, one shortlisted, one just submitted; and a guide the programme team
publishes and later revises."""

from __future__ import annotations

from service.demo.stage import Stage
from service.demo.timeline import MON, THU, TUE, WED, Story


def norfolk(stage: Stage) -> Story:
    yield stage.at(-5, TUE, "10:00")
    request = stage.submit(
        "simon",
        "partnerships",
        6,
        "Help to set up a partnership with the county's adult learning service so that "
        "courses run in village libraries.",
        "A joint offer in five libraries and an agreement on shared costs.",
    )
    yield stage.at(-4, MON, "14:00")
    stage.bank.requests.withdraw(
        stage.people["simon"],
        request,
        reason="We have found local funding for this work; we will share what we learn.",
    )


def bristol(stage: Stage) -> Story:
    yield stage.at(-4, WED, "10:00")
    request = stage.submit(
        "marcus",
        "comms",
        8,
        "Our library strategy goes to public consultation in the spring and we want help to "
        "reach communities who rarely answer council consultations.",
        "A consultation plan with partners, and a response rate we can be proud of.",
    )
    yield stage.at(-3, WED, "11:00")
    stage.bank.requests.shortlist(stage.people["helen"], request)
    yield stage.at(-1, TUE, "15:00")
    stage.bank.requests.approve(stage.people["helen"], request)


def manchester(stage: Stage) -> Story:
    yield stage.at(-3, THU, "14:00")
    request = stage.submit(
        "joanne",
        "partnerships",
        12,
        "We want to shape partnerships with the city's universities to grow our business and "
        "intellectual property support for start-ups.",
        "Two university partners, a shared referral route and joint events.",
    )
    yield stage.at(-2, TUE, "10:30")
    stage.bank.requests.shortlist(stage.people["helen"], request)


def newcastle(stage: Stage) -> Story:
    yield stage.at(-1, WED, "16:30")
    stage.submit(
        "peter",
        "evaluation",
        6,
        "We want to understand what our children's holiday activities change for families, "
        "beyond the numbers who come.",
        "A simple way to collect families' views, and evidence for our summer funding bid.",
    )


def communications_guide(stage: Stage) -> Story:
    yield stage.at(-3, WED, "15:00")
    helen = stage.people["helen"]
    guide = stage.bank.sessions.publish_resource(
        helen,
        title="Telling your library's story to councillors",
        summary="A short guide to briefing elected members: what to lead with, how to use "
        "numbers and stories together, and a one-page template.",
        theme_id=stage.themes["comms"],
        link="https://resources.example.org/telling-your-librarys-story",
        licence="CC BY 4.0",
    )
    yield stage.at(-1, MON, "10:00")
    stage.bank.sessions.revise_resource(
        helen,
        guide,
        title="Telling your library's story to councillors",
        summary="A short guide to briefing elected members: what to lead with, how to use "
        "numbers and stories together, a one-page template, and examples from three services.",
        theme_id=stage.themes["comms"],
        link="https://resources.example.org/telling-your-librarys-story-v2",
        licence="CC BY 4.0",
    )

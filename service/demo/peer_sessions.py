"""Peer support between services, in every region: sessions booked, held, recorded and
rated, and sessions still to come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from service.demo.stage import Stage
from service.demo.timeline import FRI, MON, THU, TUE, WED, Story

When = tuple[int, int, str]  # week, weekday, London wall time


@dataclass(frozen=True)
class Past:
    """A peer session booked, held, recorded and rated."""

    head: str
    peer: str
    window: str
    booked: When
    start: When
    cover: str
    notes: str
    outcomes: str
    actions: str
    rating: int
    comment: str


PAST = [
    Past(
        "karen",
        "ruth",
        "ruth-tue",
        (-5, THU, "10:00"),
        (-4, TUE, "09:00"),
        "How you set up referrals with social prescribing link workers.",
        "Walked through how the referral route with social prescribers was set up and what "
        "the data-sharing agreement covers.",
        "Derbyshire has a draft referral route and knows what data to share.",
        "Peer: send the agreement template. Service: contact the link-worker lead.",
        5,
        "Practical and generous with materials: exactly what we needed.",
    ),
    Past(
        "ian",
        "ruth",
        "ruth-tue",
        (-3, MON, "11:00"),
        (-2, TUE, "10:00"),
        "Working with parish councils on library link points.",
        "Compared two models of parish-run link points and their costs.",
        "Lincolnshire will pilot one link point with a willing parish.",
        "Service: draft a one-page offer to parishes.",
        4,
        "Helpful comparison; a case study would have helped too.",
    ),
    Past(
        "gareth",
        "chris",
        "chris-thu",
        (-5, WED, "14:00"),
        (-4, THU, "14:00"),
        "Planning a campaign for our new mobile library routes.",
        "Shared Gateshead's campaign calendar and what worked on local radio.",
        "A four-week campaign outline for the new routes.",
        "Service: book the radio slot; peer: share the poster templates.",
        4,
        "Good ideas we can afford.",
    ),
    Past(
        "megan",
        "lisa",
        "lisa-mon",
        (-4, TUE, "09:30"),
        (-2, MON, "10:00"),
        "Collecting outcome data from our job clubs.",
        "Looked at the three questions Lancashire asks job club members and how often.",
        "Liverpool will ask the same three questions from next month.",
        "Service: add the questions to the sign-in sheet.",
        5,
        "Simple, proven and ready to use.",
    ),
    Past(
        "paul",
        "david",
        "david-tue",
        (-5, FRI, "11:00"),
        (-3, TUE, "14:00"),
        "Partnering with a county arts organisation for a festival.",
        "Went through Suffolk's festival partnership: roles, money, and what went wrong.",
        "A list of questions to settle before signing with the arts partner.",
        "Service: meet the arts organisation with the questions.",
        4,
        "Honest about the pitfalls, which we valued.",
    ),
    Past(
        "neil",
        "oliver",
        "oliver-mon",
        (-5, TUE, "15:00"),
        (-3, MON, "14:00"),
        "Designing a survey for our home library service.",
        "Reviewed the draft survey; shortened it and made it work by phone.",
        "A ten-question survey volunteers can run on doorstep visits.",
        "Service: test it with five customers.",
        4,
        "Sharp eye for questions that do not work.",
    ),
    Past(
        "tamsin",
        "jenny",
        "jenny-wed",
        (-4, WED, "10:00"),
        (-2, WED, "14:00"),
        "Seeing the makerspace partnership at Exeter Library.",
        "Toured the makerspace and met the partner's volunteer coordinator.",
        "Cornwall will explore a makerspace with its college partner.",
        "Peer: introduce the college contact.",
        5,
        "Seeing it in person made all the difference.",
    ),
    Past(
        "vicky",
        "beth",
        "beth-fri",
        (-4, MON, "12:00"),
        (-2, FRI, "09:30"),
        "Social media for a branch reopening.",
        "Shared Birmingham's reopening posts and the timings that drew most people.",
        "A two-week posting plan for the reopening.",
        "Service: schedule the posts.",
        5,
        "Energising and very concrete.",
    ),
    Past(
        "ian",
        "hannah",
        "hannah-thu",
        (-3, THU, "12:00"),
        (-1, THU, "09:30"),
        "A light-touch way to evidence the impact of our warm spaces.",
        "Agreed three questions and a tally sheet that staff can keep in a few minutes a day.",
        "Lincolnshire starts collecting next week.",
        "Peer: share the tally sheet.",
        4,
        "Realistic about staff time.",
    ),
]

# Sessions to come: head, peer, window, booked, start, what the service wants to cover.
TO_COME = [
    (
        "karen",
        "ruth",
        "ruth-tue",
        (-1, MON, "10:30"),
        (1, TUE, "09:00"),
        "Follow-up: the first referrals from link workers.",
    ),
    (
        "amira",
        "ruth",
        "ruth-tue",
        (-1, TUE, "09:15"),
        (2, TUE, "10:00"),
        "Starting a partnership with the city's social prescribers.",
    ),
    (
        "simon",
        "david",
        "david-tue",
        (-2, THU, "11:00"),
        (1, TUE, "14:00"),
        "Working with the adult learning service, locally funded.",
    ),
    (
        "joanne",
        "lisa",
        "lisa-mon",
        (-1, WED, "14:00"),
        (2, MON, "11:00"),
        "How to measure the reach of our business support.",
    ),
    (
        "marcus",
        "jenny",
        "jenny-wed",
        (-1, THU, "16:00"),
        (2, WED, "14:00"),
        "Partnerships that kept Exeter Library open longer.",
    ),
    (
        "daniel",
        "grace",
        "grace-thu",
        (-1, FRI, "14:30"),
        (1, THU, "11:00"),
        "Planning the relaunch campaign for our refurbished branches.",
    ),
    (
        "claire",
        "beth",
        "beth-fri",
        (-1, FRI, "12:00"),
        (3, FRI, "09:30"),
        "Promoting reading-for-wellbeing groups online.",
    ),
]


def past_session(stage: Stage, session: Past) -> Story:
    yield stage.at(*session.booked)
    start = stage.working_day(stage.at(*session.start))
    booking = stage.book(session.head, session.peer, session.window, start, session.cover)
    yield start + timedelta(hours=2)
    stage.held(session.peer, booking, session.notes, session.outcomes, session.actions)
    yield start + timedelta(days=1)
    stage.feedback(session.head, booking, session.rating, session.comment)


def session_to_come(
    stage: Stage, head: str, peer: str, window: str, booked: When, start: When, cover: str
) -> Story:
    yield stage.at(*booked)
    stage.book(head, peer, window, stage.at(*start), cover)


def simple_sessions(stage: Stage) -> list[Story]:
    return [past_session(stage, s) for s in PAST] + [session_to_come(stage, *s) for s in TO_COME]

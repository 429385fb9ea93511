"""Two more expert engagements: Leicestershire's is under way with sessions to come; Kent's
was closed early when the service paused the work."""

from __future__ import annotations

from service.demo.stage import Stage
from service.demo.timeline import FRI, MON, THU, TUE, WED, Story


def leicestershire(stage: Stage) -> Story:
    yield stage.at(-6, MON, "15:00")
    bank, tom = stage.bank, stage.people["tom"]
    request = stage.submit(
        "fiona",
        "partnerships",
        10,
        "We want to run community hubs in our libraries with health and voluntary-sector "
        "partners and need help to structure agreements and shared outcomes.",
        "A partnership framework and agreement template; two pilot partnerships signed; a way "
        "to review them each year.",
    )
    yield stage.at(-6, WED, "11:00")
    bank.requests.shortlist(tom, request)
    yield stage.at(-6, FRI, "10:00")
    bank.requests.approve(tom, request)
    yield stage.at(-5, WED, "10:00")
    engagement = bank.requests.match(
        tom,
        request,
        expert_id=stage.people["owen"],
        allowance_hours=10,
        ends_on=stage.calendar.day(10, FRI),
    )
    yield stage.at(-5, THU, "09:30")
    first = stage.book(
        "fiona",
        "owen",
        "owen-wed",
        stage.at(-4, WED, "13:00"),
        "Which partners, and what each side brings.",
        engagement,
    )
    second = stage.book(
        "fiona",
        "owen",
        "owen-wed",
        stage.at(-2, WED, "14:30"),
        "Draft the agreement with the health trust.",
        engagement,
    )
    yield stage.at(-4, WED, "14:30")
    stage.held(
        "owen",
        first,
        "Mapped eight possible partners against the hub's aims; three stand out.",
        "A shortlist of partners and the shared outcomes to propose to them.",
        "Service: first conversations with the health trust and the CVS.",
    )
    yield stage.at(-4, THU, "09:00")
    stage.feedback("fiona", first, 5, "Brilliant at cutting through; we left with a plan.")
    yield stage.at(-2, WED, "16:00")
    stage.held(
        "owen",
        second,
        "Worked through the health trust's comments on a first draft agreement.",
        "An agreement both sides can sign, with a review after six months.",
        "Expert: turn the agreement into a template for other services.",
    )
    yield stage.at(-2, THU, "10:00")
    stage.feedback("fiona", second, 4, "Good session; the template will save us weeks.")
    yield stage.at(-2, FRI, "10:00")
    bank.sessions.publish_resource(
        stage.people["owen"],
        title="Partnership agreement template for library services",
        summary="A plain-English agreement for library partnerships with health and the "
        "voluntary sector: aims, shared outcomes, data, review and exit.",
        theme_id=stage.themes["partnerships"],
        link="https://resources.example.org/partnership-agreement-template",
        licence="CC BY-SA 4.0",
        engagement_id=engagement,
    )
    yield stage.at(-1, TUE, "10:00")
    stage.book(
        "fiona",
        "owen",
        "owen-wed",
        stage.at(1, WED, "13:00"),
        "Review the first month of the health trust partnership.",
        engagement,
    )
    stage.book(
        "fiona",
        "owen",
        "owen-wed",
        stage.at(3, WED, "14:30"),
        "Plan the voluntary-sector partnership.",
        engagement,
    )


def kent(stage: Stage) -> Story:
    yield stage.at(-6, TUE, "11:00")
    bank, helen, elaine = stage.bank, stage.people["helen"], stage.people["elaine"]
    request = stage.submit(
        "elaine",
        "evaluation",
        6,
        "We want to evaluate the digital inclusion sessions we run in twelve libraries, to "
        "decide where to focus volunteers next year.",
        "Evidence of what helps people most, and a recommendation on where to run sessions.",
    )
    yield stage.at(-6, WED, "10:45")
    bank.requests.shortlist(helen, request)
    yield stage.at(-6, THU, "15:10")
    bank.requests.approve(helen, request)
    yield stage.at(-5, MON, "11:30")
    engagement = bank.requests.match(
        helen,
        request,
        expert_id=stage.people["mark"],
        allowance_hours=6,
        ends_on=stage.calendar.day(10, FRI),
    )
    yield stage.at(-5, MON, "15:00")
    first = stage.book(
        "elaine",
        "mark",
        "mark-mon",
        stage.at(-4, MON, "10:00"),
        "Scope the evaluation and the data we already hold.",
        engagement,
    )
    second = stage.book(
        "elaine",
        "mark",
        "mark-mon",
        stage.at(-2, MON, "10:00"),
        "Agree a sampling plan.",
        engagement,
    )
    yield stage.at(-4, MON, "11:30")
    stage.held(
        "mark",
        first,
        "Reviewed attendance data from twelve libraries; gaps in three of them.",
        "A scope: four libraries, two questions, a short interview guide.",
        "Service: fill the attendance gaps. Expert: draft the sampling plan.",
    )
    yield stage.at(-4, TUE, "10:00")
    stage.feedback("elaine", first, 3, "Useful, though we need more help on sampling.")
    yield stage.at(-3, TUE, "09:30")
    bank.bookings.cancel(
        elaine,
        second,
        reason="The council has announced a restructure consultation; we are pausing the "
        "evaluation until it ends.",
    )
    yield stage.at(-2, FRI, "14:00")
    bank.requests.close_engagement(
        helen,
        engagement,
        reason="Kent has paused the evaluation during a service restructure; the unused hours "
        "go back to the programme, and Kent is welcome to apply again.",
    )


def warwickshire(stage: Stage) -> Story:
    """A short engagement that completes: one session on communications, held and rated."""
    yield stage.at(-6, WED, "09:40")
    bank, helen = stage.bank, stage.people["helen"]
    request = stage.submit(
        "vicky",
        "comms",
        2,
        "We want a second opinion on the messages for our new library card campaign before "
        "it goes to print.",
        "Messages that speak to families who do not use the library yet.",
    )
    yield stage.at(-6, THU, "15:20")
    bank.requests.shortlist(helen, request)
    bank.requests.approve(helen, request)
    yield stage.at(-5, MON, "11:45")
    engagement = bank.requests.match(
        helen,
        request,
        expert_id=stage.people["aisha"],
        allowance_hours=1,
        ends_on=stage.calendar.day(-2, FRI),
    )
    yield stage.at(-5, TUE, "09:00")
    session = stage.book(
        "vicky",
        "aisha",
        "aisha-wed",
        stage.at(-4, WED, "10:30"),
        "Review the campaign's draft messages.",
        engagement,
    )
    yield stage.at(-4, WED, "11:45")
    stage.held(
        "aisha",
        session,
        "Tested the draft messages against three family personas.",
        "Two messages rewritten; one dropped.",
        "Service: print the revised leaflet.",
    )
    yield stage.at(-4, THU, "10:00")
    stage.feedback("vicky", session, 5, "Quick, focused and exactly what we needed.")
    yield stage.at(-3, MON, "10:00")
    bank.requests.complete_engagement(helen, engagement)

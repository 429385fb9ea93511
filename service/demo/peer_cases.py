"""The cases around peer support: holds a peer confirms, declines or lets lapse; a no-show;
a peer who cancels; a service that moves its session; a regional workshop with seats; time
off."""

from __future__ import annotations

from datetime import timedelta

from service.demo.stage import Stage
from service.demo.timeline import FRI, MON, THU, TUE, WED, Story


def sheffield_holds(stage: Stage) -> Story:
    """Ahmed confirms each booking himself: one confirmed, one declined, one left to lapse
    (the sweeper lapses it), and one waiting for him now."""
    yield stage.at(-5, MON, "11:00")
    bank, ahmed = stage.bank, stage.people["ahmed"]
    confirmed = stage.book(
        "rachel",
        "ahmed",
        "ahmed-wed",
        stage.at(-4, WED, "10:00"),
        "Partnering with the NHS trust on health information points.",
    )
    yield stage.at(-5, MON, "11:40")
    bank.bookings.confirm_hold(ahmed, confirmed)
    yield stage.at(-4, WED, "11:30")
    stage.held(
        "ahmed",
        confirmed,
        "Shared how Sheffield's health information points were agreed and staffed.",
        "Leeds has a draft proposal for the trust.",
        "Service: send the proposal to the trust's patient experience lead.",
    )
    yield stage.at(-4, THU, "09:00")
    declined = stage.book(
        "rachel",
        "ahmed",
        "ahmed-wed",
        stage.at(-3, WED, "11:00"),
        "Follow-up on the trust's response.",
    )
    stage.feedback("rachel", confirmed, 5, "Generous with contacts and documents.")
    yield stage.at(-4, THU, "09:50")
    bank.bookings.decline_hold(
        ahmed, declined, reason="That week is our stock review; please choose a Wednesday after it."
    )
    booked_at = stage.at(-4, FRI, "09:00")
    yield booked_at
    lapsing = stage.book(
        "rachel",
        "ahmed",
        "ahmed-wed",
        stage.at(-2, WED, "11:00"),
        "Follow-up on the trust's response.",
    )
    yield booked_at + timedelta(hours=bank.settings.hold_hours, minutes=10)  # the hold is up
    bank.bookings.lapse_hold(lapsing)
    yield stage.calendar.minutes_ago(20)
    stage.book(
        "rachel",
        "ahmed",
        "ahmed-wed",
        stage.at(2, WED, "10:00"),
        "Follow-up on the trust's response, at last.",
    )


def camden_no_show(stage: Stage) -> Story:
    yield stage.at(-4, FRI, "09:00")
    missed = stage.book(
        "sophie",
        "grace",
        "grace-thu",
        stage.at(-3, THU, "10:00"),
        "Engaging teenagers through social media.",
    )
    yield stage.at(-3, THU, "11:05")
    stage.bank.sessions.record(
        stage.people["grace"],
        missed,
        outcome="no_show",
        notes="Nobody from the service joined; I waited twenty minutes and emailed.",
    )
    yield stage.at(-3, FRI, "09:20")
    again = stage.book(
        "sophie",
        "grace",
        "grace-thu",
        stage.at(-1, THU, "10:00"),
        "Engaging teenagers through social media (rebooked: sorry for last week).",
    )
    yield stage.at(-1, THU, "12:00")
    stage.held(
        "grace",
        again,
        "Looked at what Hackney's teen panel posts and how it is moderated.",
        "Camden will set up a teen panel of six.",
        "Peer: share the moderation guidelines.",
    )
    yield stage.at(-1, FRI, "10:15")
    stage.feedback("sophie", again, 5, "Worth the wait; thank you for rebooking us.")


def gateshead_cancels(stage: Stage) -> Story:
    yield stage.at(-2, MON, "10:00")
    bank = stage.bank
    first = stage.book(
        "peter",
        "chris",
        "chris-thu",
        stage.at(1, THU, "14:00"),
        "A campaign for our children's holiday activities.",
    )
    yield stage.at(-1, TUE, "09:00")
    bank.bookings.cancel(
        stage.people["chris"],
        first,
        reason="I have to cover a branch that "
        "afternoon, sorry: the same time a week later is free.",
    )
    yield stage.at(-1, TUE, "13:00")
    stage.book(
        "peter",
        "chris",
        "chris-thu",
        stage.at(2, THU, "14:00"),
        "A campaign for our children's holiday activities.",
    )


def oxfordshire_moves(stage: Stage) -> Story:
    yield stage.at(-2, TUE, "11:00")
    booking = stage.book(
        "neil",
        "oliver",
        "oliver-mon",
        stage.at(3, MON, "14:00"),
        "Analysing the home library service survey.",
    )
    yield stage.at(-1, WED, "10:00")
    stage.bank.bookings.reschedule(
        stage.people["neil"],
        booking,
        window_id=stage.windows["oliver-mon"],
        start=stage.working_day(stage.at(4, MON, "15:00")),
        reason="Our team meeting moved: could we do the week after, an hour later?",
    )


def east_midlands_workshop(stage: Stage) -> Story:
    """A regional network workshop with six seats; four services take one."""
    yield stage.at(-2, MON, "10:00")
    stage.publish(
        "hannah",
        "hannah-workshop",
        kind="one_off",
        starts_at=stage.at(3, WED, "10:00"),
        ends_at=stage.at(3, WED, "12:00"),
        session_minutes=120,
        notice_minutes=2 * 24 * 60,
        seats=6,
        mode="online",
        location="https://meet.example.org/east-midlands-impact-workshop",
    )
    for head, booked in [
        ("fiona", (-2, TUE, "09:00")),
        ("karen", (-2, WED, "15:00")),
        ("ian", (-1, MON, "09:40")),
        ("amira", (-1, TUE, "16:20")),
    ]:
        yield stage.at(*booked)
        stage.book(
            head,
            "hannah",
            "hannah-workshop",
            stage.at(3, WED, "10:00"),
            "East Midlands network workshop: measuring impact in small steps.",
        )


def ruth_time_off(stage: Stage) -> Story:
    yield stage.at(-1, FRI, "15:00")
    ruth = stage.people["ruth"]
    stage.bank.availability.add_time_off(
        ruth,
        ruth,
        first_day=stage.calendar.day(4, TUE),
        last_day=stage.calendar.day(4, WED),
        note="Annual leave",
    )

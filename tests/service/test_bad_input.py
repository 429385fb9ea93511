"""Bad input: every command refuses it with an error whose message (and ``field``) names
the problem, and stores nothing at all."""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast
from uuid import UUID, uuid4

import pytest

from domain.errors import (
    ExpertBankError,
    IllegalTransition,
    InvalidInput,
    NotFound,
    SlotTaken,
    SlotUnavailable,
)
from infrastructure.clock import ManualClock
from service.accounts import Accounts
from service.api_tokens import ApiTokens
from service.application import ExpertBank
from service.availability import Availability, WindowInput
from service.bookings import Bookings
from service.calendars.own import OwnCalendars
from service.extracts import Extracts
from service.oversight import Oversight
from service.people import People
from service.registry import Registry
from service.requests import Requests
from service.sessions import Sessions
from service.texts import FreeTexts
from tests.service.support import Stage, london, nothing_recorded
from tests.world import SYSTEM, World


class BadInputStage(Stage):
    """Worcestershire's engagement with the evaluator: one session held, two to come."""

    def book(self, **changes: Any) -> UUID:
        terms: dict[str, Any] = {
            "service_id": self.world.worcestershire,
            "provider_id": self.world.evaluator,
            "window_id": self.window,
            "start": london(2027, 3, 16, 10),
            "engagement_id": self.engagement,
        }
        terms.update(changes)
        return self.bank.bookings.book(self.world.worcs_head, **terms)

    def match(self, **changes: Any) -> UUID:
        terms: dict[str, Any] = {
            "expert_id": self.world.evaluator,
            "allowance_hours": 8,
            "ends_on": date(2027, 6, 30),
        }
        terms.update(changes)
        return self.bank.requests.match(self.world.manager, self.request, **terms)

    def publish(self, **changes: Any) -> UUID:
        terms: dict[str, Any] = {
            "kind": "weekly",
            "weekday": 3,
            "start_time": "09:00",
            "end_time": "12:00",
            "first_date": date(2027, 3, 1),
            "session_minutes": 60,
            "theme_ids": [self.world.evaluation],
            "mode": "online",
        }
        terms.update(changes)
        expert = self.world.evaluator
        return self.bank.availability.publish(expert, expert, WindowInput(**terms))


def staged(bank: ExpertBank, world: World, clock: ManualClock) -> BadInputStage:
    stage = BadInputStage(bank, world)
    ids = stage.ids
    ids["engagement"] = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    ids["window"] = world.window(world.evaluator)  # Tuesdays 09:00-12:00, 45 minutes + 15
    ids["held"] = stage.book(start=london(2027, 3, 2, 9))
    ids["booking"] = stage.book(start=london(2027, 3, 9, 10))
    ids["other_booking"] = stage.book(start=london(2027, 3, 16, 11))
    clock.set(london(2027, 3, 2, 10))
    bank.sessions.record(world.evaluator, stage.held, outcome="held")
    ids["request"] = bank.requests.submit(
        world.worcs_head,
        service_id=world.worcestershire,
        theme_id=world.evaluation,
        need="More evaluation",
        outcomes="A second report",
        hours_hoped=4,
    )
    bank.requests.shortlist(world.manager, stage.request)
    bank.requests.approve(world.manager, stage.request)
    ids["haringey_request"] = bank.requests.submit(
        world.haringey_head,
        service_id=world.haringey,
        theme_id=world.comms,
        need="A communications plan",
        outcomes="More visitors",
        hours_hoped=2,
    )
    ids["peer_window"] = world.window(world.leics_peer)
    ids["other_window"] = world.window(world.communicator)
    ids["colleague"] = world.person("leics_staff", ["service_staff"], world.leicestershire)
    ids["resource"] = bank.sessions.publish_resource(
        world.evaluator,
        title="Evaluation toolkit",
        summary="Templates",
        theme_id=world.evaluation,
        link="https://example.org/toolkit",
        licence="CC BY 4.0",
    )
    return stage


Case = tuple[str, Callable[[BadInputStage], object], type[ExpertBankError], str, str | None]

CASES: list[Case] = [
    # Unknown ids.
    ("unknown request", lambda s: s.bank.requests.shortlist(s.world.manager, uuid4()),
     NotFound, "there is no request with id", "request_id"),
    ("unknown window", lambda s: s.book(window_id=uuid4()),
     NotFound, "there is no availability window with id", "window_id"),
    ("unknown engagement", lambda s: s.book(engagement_id=uuid4()),
     NotFound, "there is no engagement with id", "engagement_id"),
    ("unknown service", lambda s: s.book(service_id=uuid4()),
     NotFound, "there is no library service with id", "service_id"),
    ("unknown expert", lambda s: s.match(expert_id=uuid4()),
     NotFound, "there is no expert with id", "expert_id"),
    ("unknown booking", lambda s: s.bank.bookings.cancel(s.world.worcs_head, uuid4(), reason="x"),
     NotFound, "there is no booking with id", "booking_id"),
    ("unknown region", lambda s: s.bank.registry.register_service(
        s.world.manager, code="rutland", name="Rutland", region_id=uuid4()),
     NotFound, "there is no region with id", "region_id"),
    ("unknown theme", lambda s: s.bank.requests.submit(
        s.world.worcs_head, service_id=s.world.worcestershire, theme_id=uuid4(), need="n",
        outcomes="o", hours_hoped=2),
     InvalidInput, "there is no theme with id", "theme_id"),
    ("unknown theme of a resource", lambda s: s.bank.sessions.publish_resource(
        s.world.evaluator, title="Toolkit", summary="A toolkit", theme_id=uuid4(),
        link="https://example.org/toolkit", licence="CC BY 4.0"),
     InvalidInput, "there is no theme with id", "theme_id"),
    ("unknown theme of an expert", lambda s: s.bank.people.set_themes(
        s.world.evaluator, s.world.evaluator, theme_ids=[s.world.evaluation, uuid4()]),
     InvalidInput, "there is no theme with id", "theme_ids"),
    ("unknown time off", lambda s: s.bank.availability.remove_time_off(s.world.evaluator, uuid4()),
     NotFound, "there is no time off with id", "time_off_id"),
    ("invite into unknown service", lambda s: s.bank.people.invite(
        s.world.manager, name="New Person", email="new@example.org", roles=["service_staff"],
        service_id=uuid4()),
     NotFound, "there is no library service with id", "service_id"),
    # An end before the start.
    ("one-off window ends first", lambda s: s.publish(
        kind="one_off", starts_at=london(2027, 4, 1, 12), ends_at=london(2027, 4, 1, 9)),
     InvalidInput, "the window must end after its start", "ends_at"),
    ("weekly window ends first", lambda s: s.publish(start_time="12:00", end_time="09:00"),
     InvalidInput, "the window must end after its start", "end_time"),
    ("time off ends first", lambda s: s.bank.availability.add_time_off(
        s.world.evaluator, s.world.evaluator, first_day=date(2027, 4, 2),
        last_day=date(2027, 4, 1)),
     InvalidInput, "the last day must be on or after the first day", "last_day"),
    ("engagement ends first", lambda s: s.match(
        starts_on=date(2027, 5, 1), ends_on=date(2027, 4, 1)),
     InvalidInput, "the end of the period must be on or after its start", "ends_on"),
    ("preferred dates reversed", lambda s: s.bank.requests.submit(
        s.world.worcs_head, service_id=s.world.worcestershire, theme_id=s.world.evaluation,
        need="n", outcomes="o", hours_hoped=2, preferred_from=date(2027, 5, 1),
        preferred_to=date(2027, 4, 1)),
     InvalidInput, "the latest preferred date must be on or after the earliest", "preferred_to"),
    # Hours that are not hours.
    ("negative allowance", lambda s: s.match(allowance_hours=-1),
     InvalidInput, "the allowance must be more than 0 hours", "allowance_hours"),
    ("zero allowance", lambda s: s.match(allowance_hours=0),
     InvalidInput, "the allowance must be more than 0 hours", "allowance_hours"),
    ("absurd allowance", lambda s: s.match(allowance_hours=10000),
     InvalidInput, "the allowance must be 200 hours or fewer", "allowance_hours"),
    ("allowance in words", lambda s: s.match(allowance_hours="abc"),
     InvalidInput, "the allowance must be a number of hours, like 8 or 7.5", "allowance_hours"),
    ("allowance left empty", lambda s: s.match(allowance_hours=""),
     InvalidInput, "the allowance must be a number of hours", "allowance_hours"),
    ("allowance not a number", lambda s: s.match(allowance_hours=float("nan")),
     InvalidInput, "the allowance must be more than 0 hours", "allowance_hours"),
    ("allowance in seconds", lambda s: s.match(allowance_hours="1.0001"),
     InvalidInput, "the allowance must be in whole minutes", "allowance_hours"),
    ("allowance too small", lambda s: s.match(allowance_hours=0.1),
     InvalidInput, "the allowance must be between 15 and 12000 minutes", "allowance_hours"),
    ("allowance cut to 10000", lambda s: s.bank.requests.change_allowance(
        s.world.manager, s.engagement, allowance_hours=10000, ends_on=date(2027, 6, 30)),
     InvalidInput, "the allowance must be 200 hours or fewer", "allowance_hours"),
    ("allowance below hours booked", lambda s: s.bank.requests.change_allowance(
        s.world.manager, s.engagement, allowance_hours=1, ends_on=date(2027, 6, 30)),
     ExpertBankError, "2.25 hours are already booked", "allowance_hours"),
    ("negative monthly cap", lambda s: s.bank.people.set_peer_settings(
        s.world.leics_peer, s.world.leics_peer, monthly_cap_hours="-1",
        requires_confirmation=False),
     InvalidInput, "the monthly cap must be more than 0 hours", "monthly_cap_hours"),
    ("negative hours hoped", lambda s: s.bank.requests.submit(
        s.world.worcs_head, service_id=s.world.worcestershire, theme_id=s.world.evaluation,
        need="n", outcomes="o", hours_hoped=-1),
     InvalidInput, "hours hoped for must be between 0.5 and 100 hours", "hours_hoped"),
    ("hours hoped in words", lambda s: s.bank.requests.submit(
        s.world.worcs_head, service_id=s.world.worcestershire, theme_id=s.world.evaluation,
        need="n", outcomes="o", hours_hoped="abc"),
     InvalidInput, "hours hoped for must be a number of hours", "hours_hoped"),
    # Times that have passed.
    ("book a slot that has passed", lambda s: s.book(start=london(2027, 3, 2, 10)),
     SlotUnavailable, "that time has passed", "start"),
    ("move to a time that has passed", lambda s: s.bank.bookings.reschedule(
        s.world.evaluator, s.booking, window_id=s.window, start=london(2027, 3, 2, 10)),
     SlotUnavailable, "that time has passed", "start"),
    ("window in the past", lambda s: s.publish(
        kind="one_off", starts_at=london(2027, 2, 1, 9), ends_at=london(2027, 2, 1, 12)),
     InvalidInput, "the window is in the past", "ends_at"),
    ("time off in the past", lambda s: s.bank.availability.add_time_off(
        s.world.evaluator, s.world.evaluator, first_day=date(2027, 3, 1),
        last_day=date(2027, 3, 3)),
     InvalidInput, "time off cannot start in the past", "first_day"),
    ("engagement ended already", lambda s: s.match(
        starts_on=date(2027, 1, 1), ends_on=date(2027, 2, 28)),
     InvalidInput, "the period must not end in the past", "ends_on"),
    ("preferred dates past", lambda s: s.bank.requests.submit(
        s.world.worcs_head, service_id=s.world.worcestershire, theme_id=s.world.evaluation,
        need="n", outcomes="o", hours_hoped=2, preferred_to=date(2027, 2, 1)),
     InvalidInput, "the preferred dates are in the past", "preferred_to"),
    # Times without a time zone.
    ("naive booking start", lambda s: s.book(start=datetime(2027, 3, 16, 10)),
     InvalidInput, "start must include a time zone", "start"),
    ("naive move", lambda s: s.bank.bookings.reschedule(
        s.world.worcs_head, s.booking, window_id=s.window, start=datetime(2027, 3, 16, 10)),
     InvalidInput, "start must include a time zone", "start"),
    ("naive one-off window", lambda s: s.publish(
        kind="one_off", starts_at=datetime(2027, 4, 1, 9), ends_at=london(2027, 4, 1, 12)),
     InvalidInput, "start must include a time zone", "starts_at"),
    # Themes not covered or not offered.
    ("expert does not cover theme", lambda s: s.match(expert_id=s.world.communicator),
     InvalidInput, "that expert does not cover Advocacy and evidence: Evaluation", "expert_id"),
    ("not an expert at all", lambda s: s.match(expert_id=s.world.leics_peer),
     InvalidInput, "that person is not an expert in the bank", "expert_id"),
    ("window theme not offered", lambda s: s.publish(theme_ids=[s.world.comms]),
     InvalidInput, "you do not offer Transformation: Communications and engagement",
     "theme_ids"),
    ("peer theme not offered", lambda s: s.bank.bookings.book(
        s.world.worcs_head, service_id=s.world.worcestershire, provider_id=s.world.leics_peer,
        window_id=s.peer_window, start=london(2027, 3, 16, 10), theme_id=s.world.comms),
     InvalidInput, "this availability is not offered for that theme", "theme_id"),
    # Times and days that do not exist.
    ("hour 25", lambda s: s.publish(start_time="25:00"),
     InvalidInput, "start time must be a time such as 09:30", "start_time"),
    ("minute 61", lambda s: s.publish(end_time="11:61"),
     InvalidInput, "end time must be a time such as 09:30", "end_time"),
    ("eighth weekday", lambda s: s.publish(weekday=7),
     InvalidInput, "the weekday must be between 0 and 6", "weekday"),
    ("skipped hour", lambda s: s.book(start=london(2027, 3, 28, 1, 30)),
     InvalidInput, "does not exist in Europe/London", "start"),
    ("not a slot", lambda s: s.book(start=london(2027, 3, 16, 10, 20)),
     SlotUnavailable, "that time is not one of the window's slots", "start"),
    ("no kind of window", lambda s: s.publish(kind="fortnightly"),
     InvalidInput, "choose a one-off or a weekly window", "kind"),
    ("no first date", lambda s: s.publish(first_date=None),
     InvalidInput, "enter the first date", "first_date"),
    ("session length in words", lambda s: s.publish(session_minutes="sixty"),
     InvalidInput, "the session length must be a whole number", "session_minutes"),
    # Empty reasons.
    ("decline without reason", lambda s: s.bank.requests.decline(
        s.world.manager, s.haringey_request, reason=""),
     InvalidInput, "enter a reason the service can read", "reason"),
    ("cancel without reason", lambda s: s.bank.bookings.cancel(
        s.world.worcs_head, s.booking, reason="   "),
     InvalidInput, "enter a reason", "reason"),
    ("withdraw resource without reason", lambda s: s.bank.sessions.withdraw_resource(
        s.world.evaluator, s.resource, reason=""),
     InvalidInput, "enter a reason", "reason"),
    ("close with a session to come", lambda s: s.bank.requests.close_engagement(
        s.world.manager, s.engagement, reason="Ending early"),
     IllegalTransition, "a session on 9 March 2027 is still to come; cancel it first", None),
    ("deactivate without reason", lambda s: s.bank.people.deactivate(
        s.world.manager, s.world.notts_staff, reason=""),
     InvalidInput, "enter a reason", "reason"),
    # Characters that cannot be stored, shown or put in a mail header.
    ("NUL in a request's need", lambda s: s.bank.requests.submit(
        s.world.worcs_head, service_id=s.world.worcestershire, theme_id=s.world.evaluation,
        need="More\x00evaluation", outcomes="o", hours_hoped=2),
     InvalidInput, r"what you need help with contains a character .*\(U\+0000\)", "need"),
    ("carriage return in a service's name", lambda s: s.bank.registry.register_service(
        SYSTEM, code="rutland", name="Rutland\rBcc: everyone", region_id=s.world.east_midlands),
     InvalidInput, "a name must be on one line", "name"),
    ("newline in a region's code", lambda s: s.bank.registry.add_region(
        SYSTEM, code="north\neast", name="North East"),
     InvalidInput, "the code must be on one line", "code"),
    ("lone surrogate in a cancellation's reason", lambda s: s.bank.bookings.cancel(
        s.world.worcs_head, s.booking, reason="Ill \ud800"),
     InvalidInput, r"a reason contains a character .*\(U\+D800\)", "reason"),
    ("escape in what to cover", lambda s: s.book(cover="Reports\x1b[31m"),
     InvalidInput, r"what you want to cover contains a character .*\(U\+001B\)", "cover"),
    ("newline in a person's name", lambda s: s.bank.people.invite(
        s.world.manager, name="New\nPerson", email="new@example.org", roles=["auditor"]),
     InvalidInput, "a name must be on one line", "name"),
    ("NUL in an email address", lambda s: s.bank.people.invite(
        s.world.manager, name="New Person", email="new@exam\x00ple.org", roles=["auditor"]),
     InvalidInput, r"an email address contains a character .*\(U\+0000\)", "email"),
    ("tab in a phone number", lambda s: s.bank.people.update_details(
        s.world.evaluator, s.world.evaluator, name="Evaluator", phone="0115\t496"),
     InvalidInput, r"the phone number contains a character .*\(U\+0009\)", "phone"),
    ("newline in a resource's title", lambda s: s.bank.sessions.publish_resource(
        s.world.evaluator, title="Toolkit\nFree", summary="A toolkit",
        theme_id=s.world.evaluation, link="https://example.org/toolkit", licence="CC BY 4.0"),
     InvalidInput, "a title must be on one line", "title"),
    ("NUL in a resource's summary", lambda s: s.bank.sessions.publish_resource(
        s.world.evaluator, title="Toolkit", summary="A\x00toolkit",
        theme_id=s.world.evaluation, link="https://example.org/toolkit", licence="CC BY 4.0"),
     InvalidInput, r"a summary contains a character .*\(U\+0000\)", "summary"),
    ("line separator in a window's place", lambda s: s.publish(
        mode="in_person", location="Room 1\u2028Room 2"),
     InvalidInput, "the place must be on one line", "location"),
    ("newline in a time off's note", lambda s: s.bank.availability.add_time_off(
        s.world.evaluator, s.world.evaluator, first_day=date(2027, 4, 1),
        last_day=date(2027, 4, 1), note="Away\nall day"),
     InvalidInput, "the note must be on one line", "note"),
    ("NUL in feedback's comment", lambda s: s.bank.sessions.give_feedback(
        s.world.worcs_head, s.held, rating=5, comment="Went\x00well"),
     InvalidInput, r"the comment contains a character .*\(U\+0000\)", "comment"),
    ("newline in a calendar's name", lambda s: s.bank.own_calendars.connect(
        s.world.evaluator, s.world.evaluator, kind="ical", label="Work\nHome",
        address="https://calendar.example.org/private.ics"),
     InvalidInput, "a name for the calendar must be on one line", "label"),
    # Other malformed input.
    ("rating out of range", lambda s: s.bank.sessions.give_feedback(
        s.world.worcs_head, s.held, rating=6),
     InvalidInput, "the rating must be between 1 and 5", "rating"),
    ("rating in words", lambda s: s.bank.sessions.give_feedback(
        s.world.worcs_head, s.held, rating="five"),
     InvalidInput, "the rating must be a whole number", "rating"),
    ("unknown outcome", lambda s: s.bank.sessions.record(
        s.world.evaluator, s.booking, outcome="maybe"),
     InvalidInput, "choose held or no-show", "outcome"),
    ("cover too long", lambda s: s.book(cover="x" * 2001),
     InvalidInput, "what you want to cover must be 2000 characters or fewer", "cover"),
    ("email without domain", lambda s: s.bank.people.invite(
        s.world.manager, name="New Person", email="new.person", roles=["auditor"]),
     InvalidInput, "enter an email address like name@example.org", "email"),
    ("email already used", lambda s: s.bank.people.invite(
        s.world.manager, name="Someone Else", email="WORCS_HEAD@example.org", roles=["auditor"]),
     InvalidInput, "someone with that email address already has an account", "email"),
    ("invite without a name", lambda s: s.bank.people.invite(
        s.world.manager, name=" ", email="nameless@example.org", roles=["auditor"]),
     InvalidInput, "enter a name", "name"),
    ("unknown role", lambda s: s.bank.people.invite(
        s.world.manager, name="New Person", email="new@example.org", roles=["librarian"]),
     InvalidInput, "unknown role 'librarian'", "roles"),
    ("duplicate service code", lambda s: s.bank.registry.register_service(
        SYSTEM, code="derby", name="Derby again", region_id=s.world.east_midlands),
     InvalidInput, "a library service with the code 'derby' already exists", "code"),
    ("duplicate service code in capitals", lambda s: s.bank.registry.register_service(
        SYSTEM, code=" Derby ", name="Derby again", region_id=s.world.east_midlands),
     InvalidInput, "a library service with the code 'derby' already exists", "code"),
    ("region code with a space", lambda s: s.bank.registry.add_region(
        SYSTEM, code="North East", name="North East"),
     InvalidInput, "the code may use only letters, digits and single hyphens", "code"),
    ("theme code with an underscore", lambda s: s.bank.registry.add_theme(
        SYSTEM, code="digital_skills", name="Digital skills"),
     InvalidInput, "the code may use only letters, digits and single hyphens", "code"),
    ("resource link not a web address", lambda s: s.bank.sessions.publish_resource(
        s.world.evaluator, title="Toolkit", summary="A toolkit", theme_id=s.world.evaluation,
        link="toolkit.docx", licence="CC BY 4.0"),
     InvalidInput, "the link must be a web address starting https://", "link"),
    ("peer support from own service", lambda s: s.bank.bookings.book(
        s.colleague, service_id=s.world.leicestershire, provider_id=s.world.leics_peer,
        window_id=s.peer_window, start=london(2027, 3, 16, 10)),
     InvalidInput, "peer support is between services", "provider_id"),
    ("expert without engagement", lambda s: s.book(engagement_id=None),
     InvalidInput, "experts are booked through an engagement", "engagement_id"),
    ("window of another provider", lambda s: s.book(provider_id=s.world.communicator),
     InvalidInput, "that availability belongs to another provider", "window_id"),
    ("move onto a booked time", lambda s: s.bank.bookings.reschedule(
        s.world.worcs_head, s.booking, window_id=s.window, start=london(2027, 3, 16, 11)),
     SlotTaken, "your service already has a session with this expert then", "start"),
    ("move to another provider", lambda s: s.bank.bookings.reschedule(
        s.world.worcs_head, s.booking, window_id=s.other_window, start=london(2027, 3, 16, 10)),
     InvalidInput, "choose a time from the same provider", "window_id"),
]  # fmt: skip


def test_bad_input_is_refused_naming_the_argument_and_nothing_is_stored(
    bank: ExpertBank, world: World, clock: ManualClock, subtests: pytest.Subtests
) -> None:
    """Each refusal's ``field`` is as the table says, and is the name of an argument of the
    command the case called (what a form puts the message next to), or None."""
    stage = staged(bank, world, clock)
    for label, command, error, message, field in CASES:
        called: list[Callable[..., object]] = []
        watched = BadInputStage(cast(ExpertBank, CommandsCalled(bank, called)), world, stage.ids)
        with subtests.test(label):
            with nothing_recorded(bank, error, message) as refusal:
                command(watched)
            assert refusal.value.field == field
            assert len(called) == 1, f"expected one command, called {called}"
            assert field is None or field in argument_names(called[0])
    assert bank.people.find_by_email("new@example.org") is None
    assert bank.people.find_by_email("nameless@example.org") is None


class CommandsCalled:
    """The bank as a case sees it, noting each service method the case calls."""

    def __init__(self, bank: ExpertBank, called: list[Callable[..., object]]) -> None:
        self._bank, self._called = bank, called

    def __getattr__(self, part: str) -> object:
        return _Noting(getattr(self._bank, part), self._called)


class _Noting:
    def __init__(self, part: object, called: list[Callable[..., object]]) -> None:
        self._part, self._called = part, called

    def __getattr__(self, name: str) -> object:
        self._called.append(getattr(type(self._part), name))
        return getattr(self._part, name)


def argument_names(method: Callable[..., object]) -> set[str]:
    """The parameters of a service method; one given as a dataclass (``WindowInput``)
    contributes its fields, since a form fills those one by one."""
    names: set[str] = set()
    for name, parameter in inspect.signature(method, eval_str=True).parameters.items():
        names.add(name)
        if dataclasses.is_dataclass(parameter.annotation):
            names |= {f.name for f in dataclasses.fields(parameter.annotation)}
    return names - {"self"}


def test_every_field_the_code_names_is_an_argument_of_some_command() -> None:
    """A cruder net under the table: no ``field="..."`` written anywhere in the domain or
    the service is a word from a message rather than an argument's name."""
    root = Path(__file__).parents[2]
    sources = [*root.glob("domain/*.py"), *root.glob("service/*.py")]
    named = {
        name
        for path in sources
        if path.name != "settings.py"  # names environment variables, not arguments
        for name in re.findall(r'field="([^"]*)"', path.read_text())
    }
    arguments = {
        name
        for part in (
            Accounts,
            Registry,
            People,
            Requests,
            Availability,
            Bookings,
            Sessions,
            Oversight,
            OwnCalendars,
            FreeTexts,
            ApiTokens,
            Extracts,
        )
        for method_name, method in inspect.getmembers(part, inspect.isfunction)
        if not method_name.startswith("_")
        for name in argument_names(method)
    }
    assert len(named) > 40
    assert named <= arguments, f"not an argument of any command: {named - arguments}"

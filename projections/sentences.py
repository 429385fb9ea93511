"""History sentences a person can read, written at read time from a row's ids and data:
"Haringey cancelled the 3 March session with Sam Expert: staff illness"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.bank_holidays import NATION_NAMES, Nation
from domain.bookings import was_declined
from domain.hours import describe_minutes
from domain.ids import SYSTEM_ACTOR
from domain.time import LONDON
from infrastructure.database import Row
from projections.registry import Names

WEEKDAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
ROLE_WORDS = {
    "service_staff": "service staff",
    "expert": "expert",
    "peer": "peer",
    "programme_staff": "programme staff",
    "auditor": "auditor",
}


class Context(Protocol):
    names: Names
    engagements: dict[UUID, Any]
    requests: dict[UUID, Any]


Writer = Callable[["_Sentence"], str]


class _Sentence:
    """What a writer needs: the event's data, its row, the state before it, and names."""

    def __init__(self, data: dict[str, Any], row: Row, before: Any, ctx: Context) -> None:
        self.d = data
        self.row = row
        self.before = before
        self.ctx = ctx
        self.names = ctx.names

    @property
    def actor(self) -> str:
        return actor_name(self.names, UUID(self.row["actor_id"]))

    @property
    def by_themselves(self) -> bool:
        return bool(self.row["actor_id"] == self.row["aggregate_id"])

    @property
    def aggregate(self) -> UUID:
        return UUID(self.row["aggregate_id"])

    def person(self, key: str) -> str:
        return self.names.person(UUID(self.d[key])) if self.d.get(key) else "someone"

    def service(self, service_id: UUID | str | None) -> str:
        return self.names.service(UUID(str(service_id))) if service_id else "a library service"

    def theme(self, theme_id: UUID | str | None) -> str:
        return self.names.theme(UUID(str(theme_id))) if theme_id else "a theme"

    def year_of_event(self) -> int:
        return datetime.fromisoformat(self.row["at"]).astimezone(LONDON).year

    def day(self, when: datetime | date) -> str:
        local = when.astimezone(LONDON) if isinstance(when, datetime) else when
        text = f"{local.day} {local:%B}"
        return text if local.year == self.year_of_event() else f"{text} {local.year}"

    def clock(self, when: datetime) -> str:
        return f"{when.astimezone(LONDON):%H:%M}"

    def session(self) -> str:
        """``the 3 March session with Sam Expert`` (with the other side for the provider)."""
        booking = self.before
        if booking is None:
            return "a session"
        return f"the {self.day(booking.start)} session"

    def sides(self) -> tuple[str, str]:
        """The booking's service and provider names."""
        booking = self.before
        if booking is None:
            return "a library service", "someone"
        return self.service(booking.service_id), self.names.person(booking.provider_id)

    def request_label(self) -> str:
        request = self.ctx.requests.get(self.aggregate) or self.before
        if request is None:
            return "a request"
        return f"{self.service(request.service_id)}'s request on {self.theme(request.theme_id)}"

    def engagement_label(self) -> str:
        engagement = self.before
        if engagement is None:
            return "an engagement"
        return (
            f"{self.service(engagement.service_id)}'s engagement with "
            f"{self.names.person(engagement.expert_id)}"
        )


TEXT_WORDS = {  # a removed text, by its field
    "cover": "what the service wanted to cover",
    "reason": "a reason given",
    "notes": "the session notes",
    "outcomes": "the outcomes written",
    "actions": "the follow-up actions",
    "comment": "a feedback comment",
    "need": "what the service said it needed",
    "note": "a note on time off",
}


def actor_name(names: Names, actor_id: UUID) -> str:
    """Who did it: a person's name, or the system acting by itself."""
    return "The system" if actor_id == SYSTEM_ACTOR else names.person(actor_id)


def _because(reason: str) -> str:
    return f": {reason}" if reason else ""


def _roles(roles: list[str]) -> str:
    words = [ROLE_WORDS.get(role, role) for role in roles]
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]


def _window(d: dict[str, Any], s: _Sentence) -> str:
    spec = d["spec"]
    if spec["kind"] == "weekly":
        when = f"{WEEKDAYS[spec['weekday']]} {spec['start_time']}-{spec['end_time']}"
        when += f" from {s.day(date.fromisoformat(spec['first_date']))}"
    else:
        start = datetime.fromisoformat(spec["starts_at"])
        when = f"{s.day(start)} from {s.clock(start)}"
    mode = "online" if spec["mode"] == "online" else "in person"
    return f"{when}, {spec['session_minutes']}-minute sessions {mode}"


def _kept(d: dict[str, Any]) -> str:
    count = len(d.get("bookings_kept") or [])
    if not count:
        return ""
    noun = "booking" if count == 1 else "bookings"
    return f" ({count} {noun} already made stay booked)"


def _booked(s: _Sentence) -> str:
    start = datetime.fromisoformat(s.d["start"])
    service, provider = s.service(s.d["service_id"]), s.person("provider_id")
    when = f"{s.day(start)} at {s.clock(start)}"
    if s.d["hold_until"]:
        hold = datetime.fromisoformat(s.d["hold_until"])
        return (
            f"{service} asked {provider} for a session on {when}, held until "
            f"{s.day(hold)} {s.clock(hold)}"
        )
    return f"{service} booked a session with {provider} on {when}"


def _rescheduled(s: _Sentence) -> str:
    service, provider = s.sides()
    start = datetime.fromisoformat(s.d["start"])
    by_provider = s.before is not None and UUID(s.row["actor_id"]) == s.before.provider_id
    who, other = (provider, service) if by_provider else (service, provider)
    return (
        f"{who} moved {s.session()} with {other} to {s.day(start)} at {s.clock(start)}"
        f"{_because(s.d.get('reason', ''))}"
    )


def _cancelled(s: _Sentence) -> str:
    service, provider = s.sides()
    if s.before is not None and was_declined(s.before.status, s.d["side"]):
        return f"{provider} declined {service}'s request for {s.session()}{_because(s.d['reason'])}"
    who, other = (provider, service) if s.d["side"] == "provider" else (service, provider)
    return f"{who} cancelled {s.session()} with {other}{_because(s.d['reason'])}"


def _by_provider(verb: str) -> Writer:
    def write(s: _Sentence) -> str:
        service, provider = s.sides()
        return f"{provider} {verb} {s.session()} with {service}"

    return write


def _session_recorded(s: _Sentence) -> str:
    service, provider = s.sides()
    outcome = "as held" if s.d["outcome"] == "held" else "as a no-show"
    written = [
        f"{heading}: {s.d[key]}"
        for key, heading in (
            ("notes", "Notes"),
            ("outcomes", "Outcomes"),
            ("actions", "Follow-up actions"),
        )
        if s.d.get(key)
    ]
    return f"{provider} recorded {s.session()} with {service} {outcome}" + "".join(
        f". {line}" for line in written
    )


def _feedback(s: _Sentence) -> str:
    service, provider = s.sides()
    rated = f"{service} rated {s.session()} with {provider} {s.d['rating']} out of 5"
    return rated + (f": {s.d['comment']}" if s.d.get("comment") else "")


def _lapsed(s: _Sentence) -> str:
    service, provider = s.sides()
    return f"The hold on {service}'s {s.session().removeprefix('the ')} with {provider} lapsed"


def _commissioned(s: _Sentence) -> str:
    return (
        f"{s.actor} commissioned {s.person('expert_id')} for {s.service(s.d['service_id'])}: "
        f"{describe_minutes(s.d['allowance_minutes'])} on {s.theme(s.d['theme_id'])}, "
        f"to use by {s.day(date.fromisoformat(s.d['ends_on']))}"
    )


def _allowance(s: _Sentence) -> str:
    return (
        f"{s.actor} changed the allowance of {s.engagement_label()} to "
        f"{describe_minutes(s.d['allowance_minutes'])}, to use by "
        f"{s.day(date.fromisoformat(s.d['ends_on']))}"
    )


def _submitted(s: _Sentence) -> str:
    return (
        f"{s.service(s.d['service_id'])} asked for help with {s.theme(s.d['theme_id'])}: "
        f"about {s.d['hours_hoped']} hours"
    )


def _peer_settings(s: _Sentence) -> str:
    cap = s.d["cap_minutes"]
    limit = f"a cap of {describe_minutes(cap)} a month" if cap else "no monthly cap"
    confirm = ", confirming each booking" if s.d["requires_confirmation"] else ""
    return f"{s.actor} set {s.names.person(s.aggregate)}'s peer support to {limit}{confirm}"


def _wall(time: str | None) -> str:
    """``14:00 on `` before a day, for time off that starts or ends within it."""
    return f"{time} on " if time else ""


def _bank_holidays(s: _Sentence) -> str:
    nation = NATION_NAMES[Nation(s.d["nation"])]
    works = "working" if s.d["works_bank_holidays"] else "not working"
    return f"{s.actor} set {s.names.person(s.aggregate)} to {works} bank holidays in {nation}"


WRITERS: dict[str, Writer] = {
    "Region.Registered": lambda s: f"{s.actor} registered the region {s.d['name']}",
    "Region.Renamed": lambda s: f"{s.actor} renamed a region to {s.d['name']}",
    "Theme.Added": lambda s: f"{s.actor} added the theme {s.d['name']}",
    "Theme.Changed": lambda s: f"{s.actor} changed the theme {s.d['name']}",
    "Theme.Retired": lambda s: f"{s.actor} retired the theme {s.theme(s.aggregate)}",
    "LibraryService.Registered": lambda s: (
        f"{s.actor} registered {s.d['name']} as a library service"
    ),
    "LibraryService.Changed": lambda s: f"{s.actor} changed the details of {s.d['name']}",
    "Person.Invited": lambda s: (
        f"{s.actor} invited {s.names.person(s.aggregate)} as {_roles(s.d['roles'])}"
    ),
    "Person.Activated": lambda s: (
        f"{s.names.person(s.aggregate)} activated their account"
        if s.by_themselves
        else f"{s.actor} activated the account of {s.names.person(s.aggregate)}"
    ),
    "Person.Deactivated": lambda s: (
        f"{s.actor} deactivated {s.names.person(s.aggregate)}'s account{_because(s.d['reason'])}"
    ),
    "Person.Reactivated": lambda s: (
        f"{s.actor} reactivated {s.names.person(s.aggregate)}'s account"
    ),
    "Person.RolesChanged": lambda s: (
        f"{s.actor} made {s.names.person(s.aggregate)} {_roles(s.d['roles'])}"
    ),
    "Person.ThemesSet": lambda s: (
        f"{s.actor} set the themes of {s.names.person(s.aggregate)} to "
        + ", ".join(s.theme(t) for t in s.d["theme_ids"])
    ),
    "Person.PeerSettingsSet": _peer_settings,
    "Person.BankHolidaysSet": _bank_holidays,
    "Person.ThemesAsked": lambda s: (
        f"{s.actor} asked to offer the themes "
        + ", ".join(s.theme(t) for t in s.d["theme_ids"])
        + (", for programme staff to approve" if s.d["waits"] else ": nothing waits now")
    ),
    "Person.ThemesApproved": lambda s: (
        f"{s.actor} approved the themes of {s.names.person(s.aggregate)}: "
        + ", ".join(s.theme(t) for t in s.d["theme_ids"])
    ),
    "Person.ThemesDeclined": lambda s: (
        f"{s.actor} declined the change of themes {s.names.person(s.aggregate)} asked for"
        f"{_because(s.d['reason'])}"
    ),
    "Person.RegionSet": lambda s: (
        f"{s.actor} made {s.names.person(s.aggregate)} look after "
        + (
            s.names.regions.get(UUID(s.d["region_id"]), "a region")
            if s.d["region_id"]
            else "every region"
        )
    ),
    "Person.DetailsErased": lambda s: (
        f"{s.actor} erased the personal details of {s.names.person(s.aggregate)}"
    ),
    "ExpressionOfInterest.Submitted": _submitted,
    "ExpressionOfInterest.Shortlisted": lambda s: f"{s.actor} shortlisted {s.request_label()}",
    "ExpressionOfInterest.Approved": lambda s: f"{s.actor} approved {s.request_label()}",
    "ExpressionOfInterest.Declined": lambda s: (
        f"{s.actor} declined {s.request_label()}{_because(s.d['reason'])}"
    ),
    "ExpressionOfInterest.Withdrawn": lambda s: (
        f"{s.actor} withdrew {s.request_label()}{_because(s.d['reason'])}"
    ),
    "ExpressionOfInterest.Matched": lambda s: (
        f"{s.actor} matched {s.request_label()} with {s.person('expert_id')}"
    ),
    "ExpressionOfInterest.Completed": lambda s: f"{s.actor} completed {s.request_label()}",
    "ExpressionOfInterest.Closed": lambda s: (
        f"{s.actor} closed {s.request_label()}{_because(s.d['reason'])}"
    ),
    "Engagement.Commissioned": _commissioned,
    "Engagement.AllowanceChanged": _allowance,
    "Engagement.Completed": lambda s: f"{s.actor} completed {s.engagement_label()}",
    "Engagement.Closed": lambda s: (
        f"{s.actor} closed {s.engagement_label()}{_because(s.d['reason'])}"
    ),
    "AvailabilityWindow.Published": lambda s: (
        f"{s.person('provider_id')} published availability: {_window(s.d, s)}"
    ),
    "AvailabilityWindow.Changed": lambda s: (
        f"{s.actor} changed their availability to {_window(s.d, s)}{_kept(s.d)}"
    ),
    "AvailabilityWindow.Withdrawn": lambda s: (
        f"{s.actor} withdrew some of their availability{_kept(s.d)}"
    ),
    "TimeOff.Added": lambda s: (
        f"{s.person('provider_id')} took time off from "
        f"{_wall(s.d.get('from_time'))}{s.day(date.fromisoformat(s.d['first_day']))} to "
        f"{_wall(s.d.get('until_time'))}{s.day(date.fromisoformat(s.d['last_day']))}"
        f"{_kept(s.d)}"
    ),
    "TimeOff.Removed": lambda s: f"{s.actor} removed some time off",
    "Booking.Booked": _booked,
    "Booking.HoldConfirmed": _by_provider("confirmed"),
    "Booking.Rescheduled": _rescheduled,
    "Booking.Cancelled": _cancelled,
    "Booking.Lapsed": _lapsed,
    "Booking.SessionRecorded": _session_recorded,
    "Booking.FeedbackGiven": _feedback,
    "CalendarConnection.Connected": lambda s: (
        f"{s.person('provider_id')} connected their calendar “{s.d['label']}” ({s.d['host']})"
    ),
    "CalendarConnection.Changed": lambda s: (
        f"{s.actor} changed their calendar “{s.d['label']}”"
        + (f", now read from {s.d['host']}" if s.d["address_replaced"] else "")
    ),
    "CalendarConnection.Failing": lambda s: (
        f"A calendar of {s.person('provider_id')} could not be read from "
        f"{s.day(datetime.fromisoformat(s.d['since']))} "
        f"{s.clock(datetime.fromisoformat(s.d['since']))}: {s.d['reason']}"
    ),
    "CalendarConnection.Recovered": lambda s: (
        f"A calendar of {s.person('provider_id')} could be read again"
    ),
    "CalendarConnection.Disconnected": lambda s: f"{s.actor} disconnected a calendar",
    "SessionClash.Found": lambda s: (
        f"{s.person('provider_id')}'s own calendar showed them busy during the "
        f"{s.day(datetime.fromisoformat(s.d['start']))} session, booked before that"
    ),
    "SessionClash.Kept": lambda s: (
        f"{s.actor} kept their session despite a clash with their own calendar"
    ),
    "Resource.Published": lambda s: f"{s.actor} published the resource “{s.d['title']}”",
    "Resource.Revised": lambda s: f"{s.actor} revised the resource “{s.d['title']}”",
    "Resource.Withdrawn": lambda s: f"{s.actor} withdrew a resource{_because(s.d['reason'])}",
    "TextsMovedOut.Recorded": lambda s: (
        f"{s.actor} moved {s.d['texts']} texts out of {s.d['events']} stored events and "
        f"chained the log again from its first event (its head before: {s.d['previous_head']})"
    ),
    "TextRemoval.Recorded": lambda s: (
        f"{s.actor} removed {TEXT_WORDS.get(s.d['field'], 'a text')} on request"
        f"{_because(s.d['reason'])}"
    ),
}


def describe(kind: str, data: dict[str, Any], row: Row, before: Any, ctx: Context) -> str:
    """The sentence for one history row."""
    writer = WRITERS.get(kind)
    if writer is None:
        return f"{kind} by {_Sentence(data, row, before, ctx).actor}"
    return writer(_Sentence(data, row, before, ctx))

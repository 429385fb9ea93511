"""People and their roles. Events refer to a person by id only: names and contact details
live outside the event store so that they can be erased (see README, "Personal data")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.bank_holidays import NATION_NAMES, Nation, holiday_off, parse_nation
from domain.errors import IllegalTransition, InvalidInput, SlotUnavailable
from domain.time import TimeRange, london_date
from domain.validation import Problems, ids, reason_text, whole_number

MAX_PEER_CAP_MINUTES = 40 * 60


class Role(StrEnum):
    SERVICE_STAFF = "service_staff"
    EXPERT = "expert"
    PEER = "peer"
    PROGRAMME_STAFF = "programme_staff"
    AUDITOR = "auditor"


class AccountStatus(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    DEACTIVATED = "deactivated"


ROLES_WITH_A_SERVICE = frozenset({Role.SERVICE_STAFF, Role.PEER})
PROVIDER_ROLES = frozenset({Role.EXPERT, Role.PEER})


def parse_roles(values: Iterable[str]) -> list[str]:
    """Role names, validated, de-duplicated and sorted so that equal sets compare equal."""
    roles: set[str] = set()
    for value in values:
        try:
            roles.add(Role(value).value)
        except ValueError:
            known = ", ".join(role.value for role in Role)
            raise InvalidInput(
                f"unknown role {value!r}: roles are {known}", field="roles"
            ) from None
    if not roles:
        raise InvalidInput("choose at least one role", field="roles")
    return sorted(roles)


def check_service_for_roles(roles: Iterable[str], service_id: UUID | None) -> None:
    if service_id is None and ROLES_WITH_A_SERVICE.intersection(roles):
        raise InvalidInput("service staff and peers need their library service", field="service_id")


class Person(Aggregate):
    """Someone with an account: their roles, library service, themes and account status."""

    TOPIC = "expertbank:Person"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:Person.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:Person.Created"

    @classmethod
    def invite(
        cls,
        *,
        actor: UUID,
        at: datetime,
        roles: Iterable[str],
        service_id: UUID | None,
        theme_ids: Iterable[UUID] = (),
    ) -> Person:
        """Every problem with the roles, service and themes is reported at once."""
        problems = Problems()
        role_names = problems.check(lambda: parse_roles(roles))
        if role_names:
            problems.check(lambda: check_service_for_roles(role_names, service_id))
        themes = problems.check(lambda: ids(theme_ids, "theme", field="theme_ids", required=False))
        problems.raise_any()
        return cls(
            actor=actor,
            timestamp=at,
            roles=role_names,
            service_id=service_id,
            theme_ids=themes,
        )

    @event("Invited", topic="expertbank:Person.Invited")
    def __init__(
        self,
        actor: UUID,
        timestamp: datetime,
        roles: list[str],
        service_id: UUID | None,
        theme_ids: list[UUID],
    ) -> None:
        self.roles = list(roles)
        self.service_id = service_id
        self.theme_ids = list(theme_ids)
        self.status = AccountStatus.INVITED.value
        self.ever_activated = False
        self.peer_cap_minutes: int | None = None
        self.peer_requires_confirmation = False
        self.details_erased = False
        self.region_id: UUID | None = None
        self.nation = Nation.ENGLAND_AND_WALES.value
        self.themes_asked: list[UUID] | None = None
        """An expert's change of themes waiting for programme staff's approval."""
        self.works_bank_holidays = False

    def has(self, role: Role) -> bool:
        return role.value in self.roles

    @property
    def is_active(self) -> bool:
        return self.status == AccountStatus.ACTIVE

    @property
    def is_provider(self) -> bool:
        return bool(PROVIDER_ROLES.intersection(self.roles))

    @property
    def is_set_up(self) -> bool:
        """Whether they have chosen a password through their invitation."""
        return self.status != AccountStatus.INVITED

    @property
    def is_deactivated(self) -> bool:
        return self.status == AccountStatus.DEACTIVATED

    def covers(self, theme_id: UUID) -> bool:
        """Whether the theme is one of their own (experts and peers)."""
        return theme_id in self.theme_ids

    def check_takes_bookings(self) -> None:
        """A deactivated provider's published time is no longer offered."""
        if self.is_deactivated:
            raise SlotUnavailable("this provider is not taking bookings", field="provider_id")

    def check_offers_peer_support_to(self, service_id: UUID) -> None:
        """Peer support is given by peers, to library services other than their own."""
        if not self.has(Role.PEER):
            raise InvalidInput(
                "experts are booked through an engagement: choose it", field="engagement_id"
            )
        if self.service_id == service_id:
            raise InvalidInput(
                "peer support is between services: choose a peer from another library service",
                field="provider_id",
            )

    def check_can_be_commissioned(self, theme_id: UUID, theme_name: str) -> None:
        """An engagement needs an expert of the bank, not deactivated, covering its theme."""
        if not self.has(Role.EXPERT) or self.is_deactivated:
            raise InvalidInput("that person is not an expert in the bank", field="expert_id")
        if not self.covers(theme_id):
            raise InvalidInput(f"that expert does not cover {theme_name}", field="expert_id")

    def activate(self, *, actor: UUID, at: datetime) -> None:
        if self.status != AccountStatus.INVITED:
            raise IllegalTransition(
                f"only an invited account can be activated; this one is {self.status}"
            )
        self._activated(actor=actor, timestamp=at)

    @event("Activated", topic="expertbank:Person.Activated")
    def _activated(self, actor: UUID, timestamp: datetime) -> None:
        self.status = AccountStatus.ACTIVE.value
        self.ever_activated = True

    def deactivate(self, *, actor: UUID, at: datetime, reason: str) -> None:
        if self.status == AccountStatus.DEACTIVATED:
            raise IllegalTransition("the account is already deactivated")
        self._deactivated(
            actor=actor,
            timestamp=at,
            reason=reason_text(reason),
        )

    @event("Deactivated", topic="expertbank:Person.Deactivated")
    def _deactivated(self, actor: UUID, timestamp: datetime, reason: str) -> None:
        self.status = AccountStatus.DEACTIVATED.value

    def reactivate(self, *, actor: UUID, at: datetime) -> None:
        """Undo a deactivation: back to active, or to invited if the account was never set
        up (it has no password yet, so it still needs its invitation link)."""
        if self.status != AccountStatus.DEACTIVATED:
            raise IllegalTransition(
                f"only a deactivated account can be reactivated; this one is {self.status}"
            )
        self._reactivated(actor=actor, timestamp=at)

    @event("Reactivated", topic="expertbank:Person.Reactivated")
    def _reactivated(self, actor: UUID, timestamp: datetime) -> None:
        self.status = (AccountStatus.ACTIVE if self.ever_activated else AccountStatus.INVITED).value

    def change_roles(
        self, *, actor: UUID, at: datetime, roles: Iterable[str], service_id: UUID | None
    ) -> None:
        role_names = parse_roles(roles)
        check_service_for_roles(role_names, service_id)
        self._roles_changed(actor=actor, timestamp=at, roles=role_names, service_id=service_id)

    @event("RolesChanged", topic="expertbank:Person.RolesChanged")
    def _roles_changed(
        self, actor: UUID, timestamp: datetime, roles: list[str], service_id: UUID | None
    ) -> None:
        self.roles = list(roles)
        self.service_id = service_id

    def set_region(self, *, actor: UUID, at: datetime, region_id: UUID | None) -> None:
        """The region a member of programme staff looks after (a regional engagement
        manager's), or None for the whole programme."""
        if region_id is not None and not self.has(Role.PROGRAMME_STAFF):
            raise InvalidInput("only programme staff look after a region", field="region_id")
        self._region_set(actor=actor, timestamp=at, region_id=region_id)

    @event("RegionSet", topic="expertbank:Person.RegionSet")
    def _region_set(self, actor: UUID, timestamp: datetime, region_id: UUID | None) -> None:
        self.region_id = region_id

    def set_themes(self, *, actor: UUID, at: datetime, theme_ids: Iterable[UUID]) -> None:
        if not self.is_provider:
            raise InvalidInput("only experts and peers have themes")
        themes = ids(theme_ids, "theme", field="theme_ids")
        self._themes_set(actor=actor, timestamp=at, theme_ids=themes)

    @event("ThemesSet", topic="expertbank:Person.ThemesSet")
    def _themes_set(self, actor: UUID, timestamp: datetime, theme_ids: list[UUID]) -> None:
        self.theme_ids = list(theme_ids)
        self.themes_asked = None

    def ask_for_themes(self, *, actor: UUID, at: datetime, theme_ids: Iterable[UUID]) -> bool:
        """An expert asks to offer these themes: they change matching, so the change waits
        for programme staff's approval. Asking for the themes they have withdraws what was
        waiting. Returns whether a change now waits."""
        if not self.has(Role.EXPERT):
            raise InvalidInput("only experts ask for their themes to be approved")
        themes = ids(theme_ids, "theme", field="theme_ids")
        waits = set(themes) != set(self.theme_ids)
        if (waits or self.themes_asked is not None) and themes != self.themes_asked:
            self._themes_asked(actor=actor, timestamp=at, theme_ids=themes, waits=waits)
        return waits

    @event("ThemesAsked", topic="expertbank:Person.ThemesAsked")
    def _themes_asked(
        self, actor: UUID, timestamp: datetime, theme_ids: list[UUID], waits: bool
    ) -> None:
        self.themes_asked = list(theme_ids) if waits else None

    def _asked(self) -> list[UUID]:
        if self.themes_asked is None:
            raise IllegalTransition("no change of themes is waiting for approval")
        return self.themes_asked

    def approve_themes(self, *, actor: UUID, at: datetime) -> None:
        self._themes_approved(actor=actor, timestamp=at, theme_ids=self._asked())

    @event("ThemesApproved", topic="expertbank:Person.ThemesApproved")
    def _themes_approved(self, actor: UUID, timestamp: datetime, theme_ids: list[UUID]) -> None:
        self.theme_ids = list(theme_ids)
        self.themes_asked = None

    def decline_themes(self, *, actor: UUID, at: datetime, reason: str) -> None:
        self._asked()
        self._themes_declined(actor=actor, timestamp=at, reason=reason_text(reason, required=False))

    @event("ThemesDeclined", topic="expertbank:Person.ThemesDeclined")
    def _themes_declined(self, actor: UUID, timestamp: datetime, reason: str) -> None:
        self.themes_asked = None

    def set_peer_settings(
        self, *, actor: UUID, at: datetime, cap_minutes: int | None, requires_confirmation: bool
    ) -> None:
        if not self.has(Role.PEER):
            raise InvalidInput("only peers have a monthly cap")
        if cap_minutes is not None:
            whole_number(
                cap_minutes,
                "the monthly cap",
                field="monthly_cap_hours",  # the service's argument, in hours
                low=15,
                high=MAX_PEER_CAP_MINUTES,
                unit="minutes",
            )
        self._peer_settings_set(
            actor=actor,
            timestamp=at,
            cap_minutes=cap_minutes,
            requires_confirmation=bool(requires_confirmation),
        )

    @event("PeerSettingsSet", topic="expertbank:Person.PeerSettingsSet")
    def _peer_settings_set(
        self,
        actor: UUID,
        timestamp: datetime,
        cap_minutes: int | None,
        requires_confirmation: bool,
    ) -> None:
        self.peer_cap_minutes = cap_minutes
        self.peer_requires_confirmation = requires_confirmation

    def set_bank_holidays(
        self, *, actor: UUID, at: datetime, nation: object, works_bank_holidays: bool
    ) -> None:
        """Whose bank holidays they follow, and whether they take sessions on them."""
        if not self.is_provider:
            raise InvalidInput("only experts and peers choose their bank holidays")
        self._bank_holidays_set(
            actor=actor,
            timestamp=at,
            nation=parse_nation(nation).value,
            works_bank_holidays=bool(works_bank_holidays),
        )

    @event("BankHolidaysSet", topic="expertbank:Person.BankHolidaysSet")
    def _bank_holidays_set(
        self, actor: UUID, timestamp: datetime, nation: str, works_bank_holidays: bool
    ) -> None:
        self.nation = nation
        self.works_bank_holidays = works_bank_holidays

    def holiday_off(self, day: date) -> str | None:
        """The bank holiday on ``day`` that they do not work, if there is one."""
        return holiday_off(day, self.nation, self.works_bank_holidays)

    def check_works_on(self, slot: TimeRange) -> None:
        """Refuse a session starting on a bank holiday of their nation they do not work."""
        day = london_date(slot.start)
        holiday = self.holiday_off(day)
        if holiday is not None:
            raise SlotUnavailable(
                f"{day:%-d %B %Y} is a bank holiday ({holiday}) in "
                f"{NATION_NAMES[Nation(self.nation)]}, and this provider does not work "
                "bank holidays",
                field="start",
            )

    def record_details_erased(self, *, actor: UUID, at: datetime) -> None:
        """Record that the person's name and contact details were erased on request."""
        if self.details_erased:
            raise IllegalTransition("this person's details are already erased")
        self._details_erased(actor=actor, timestamp=at)

    @event("DetailsErased", topic="expertbank:Person.DetailsErased")
    def _details_erased(self, actor: UUID, timestamp: datetime) -> None:
        self.details_erased = True

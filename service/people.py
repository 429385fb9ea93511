"""Commands on people: invitations, sign-in, roles, provider settings and erasure."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import timedelta
from uuid import UUID

from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.hours import minutes_from_hours
from domain.ids import SYSTEM_ACTOR, peer_month_id
from domain.peer_month import PeerMonth
from domain.people import MAX_PEER_CAP_MINUTES, Person, Role
from domain.registry import LibraryService, Region
from domain.time import months_bookable_from
from domain.validation import Problems
from infrastructure import api_tokens, credentials, idempotency, sign_ins
from infrastructure.database import Transaction
from service import invitations
from service.access import active_person, require_programme_staff, require_system_or_staff
from service.context import Context, command
from service.mail.signup import SignUpMail
from service.passwords import check_strength
from service.records import Invitation, PersonRecord, person_record
from service.registry import Registry

INVITATION_LIFETIME = timedelta(days=14)
NEW_PASSWORD_LINK_LIFETIME = timedelta(hours=2)


class People:
    def __init__(self, ctx: Context, registry: Registry, sign_up_mail: SignUpMail) -> None:
        self.ctx = ctx
        self.registry = registry
        self.sign_up_mail = sign_up_mail
        self.after_erasure: Callable[[], None] = lambda: None  # the views, brought up to it

    def invite(
        self,
        actor: UUID,
        *,
        name: str,
        email: str,
        roles: Iterable[str],
        service_id: UUID | None = None,
        theme_ids: Iterable[UUID] = (),
        phone: str = "",
    ) -> Invitation:
        """Create an account in the invited state, and queue a message to the person with
        a one-time link to choose a password. The token in the result is the link's secret,
        to show the inviting staff member once (only its digest is stored)."""
        require_system_or_staff(self.ctx, actor)
        now = self.ctx.clock.now()
        themes = list(theme_ids)
        if service_id is not None:
            self.ctx.load(LibraryService, service_id, "library service", field="service_id")
        problems = Problems()  # every problem of the invitation at once
        problems.check(lambda: self.ctx.directory.checked(name=name, email=email, phone=phone))
        problems.check(lambda: self.registry.require_live_themes(themes, field="theme_ids"))
        person = problems.check(
            lambda: Person.invite(
                actor=actor, at=now, roles=roles, service_id=service_id, theme_ids=themes
            )
        )
        problems.raise_any()
        self.ctx.directory.add(person.id, name=name, email=email, phone=phone)
        try:
            self.ctx.save(person)
        except Exception:
            self.ctx.directory.remove(person.id)
            raise
        return Invitation(person.id, self._issue_token(actor, person.id))

    def _issue_token(self, actor: UUID, person_id: UUID) -> str:
        """A new link replacing any unused one, and its message queued with it, in one
        transaction: after the person's first event, so never for someone not saved."""
        invitee = self.ctx.directory.get(person_id)
        if invitee is None or invitee.erased:
            raise InvalidInput("this person's details have been erased on request")
        token = credentials.new_token()
        now = self.ctx.clock.now()
        message = self.sign_up_mail.compose(
            invitee,
            inviter=actor,
            token=token,
            expires_at=now + INVITATION_LIFETIME,
            at=now,
            position=self._position(),
        )
        self.ctx.invitations.issue(credentials.token_digest(token), message)
        return token

    def send_new_password_link(self, email: str) -> None:
        """Mail a one-time link to choose a new password to the active account with
        ``email``, replacing any earlier one; nothing (and no sign of it) for an address
        without one."""
        person_id = self.ctx.directory.find_by_email(email)
        person = None if person_id is None else self.ctx.peek(Person, person_id)
        details = None if person_id is None else self.ctx.directory.get(person_id)
        if person is None or not person.is_active or details is None or details.erased:
            return
        token, now = credentials.new_token(), self.ctx.clock.now()
        message = self.sign_up_mail.compose_reset(
            details,
            token=token,
            expires_at=now + NEW_PASSWORD_LINK_LIFETIME,
            at=now,
            position=self._position(),
        )
        self.ctx.invitations.issue(credentials.token_digest(token), message)

    def _position(self) -> int:
        """Where a message composed now stands among those derived from events."""
        return self.ctx.store.recorder.max_notification_id() or 0

    def reissue_invitation(self, actor: UUID, person_id: UUID) -> str:
        """A new link for an account not yet set up, mailed like the first (which stops
        working); the token, to show once."""
        require_programme_staff(self.ctx, actor)
        person = self.ctx.load(Person, person_id, "person", field="person_id")
        if person.is_set_up:
            raise InvalidInput("only an account that has not been set up needs a new link")
        return self._issue_token(actor, person_id)

    def accept_invitation(self, token: str, *, password: str) -> UUID:
        """Set the first password through the one-time link and activate the account.

        The link is used up first (atomically), so it works once even if sent twice.
        """
        digest, now = credentials.token_digest(token), self.ctx.clock.now()
        invitee = self.ctx.invitations.person_for(digest, now)
        if invitee is None:
            raise _link_spent()
        self._check_password(invitee, password)
        person_id = self.ctx.invitations.use(digest, now)
        if person_id is None:
            raise _link_spent()
        self._replace_password(person_id, password)
        self._activate_self(person_id)
        return person_id

    @command
    def _activate_self(self, person_id: UUID) -> None:
        person = self.ctx.load(Person, person_id, "person", field=None)
        if not person.is_set_up:
            person.activate(actor=person_id, at=self.ctx.clock.now())
            self.ctx.save(person)

    def authenticate(self, email: str, password: str) -> UUID | None:
        """The person signing in, or None: unknown email, wrong password or inactive."""
        person_id = self.ctx.directory.find_by_email(email)
        stored = None if person_id is None else self.ctx.directory.password_hash(person_id)
        if person_id is None or stored is None:
            # Hash all the same: the time taken tells nobody whether the address has an
            # account, or one not set up yet (invited) or erased.
            credentials.verify_password(_dummy_hash(), password)
            return None
        if not credentials.verify_password(stored, password):
            return None
        person = self.ctx.find(Person, person_id)
        return person_id if person is not None and person.is_active else None

    def set_password(self, person_id: UUID, password: str) -> None:
        """Set a password directly: for the operator's first account and the demo."""
        self._check_password(person_id, password)
        self._replace_password(person_id, password)

    def _check_password(self, person_id: UUID, password: str) -> None:
        details = self.ctx.directory.get(person_id)
        if details is None:
            check_strength(password)
        else:
            check_strength(password, name=details.name, email=details.email)

    def _replace_password(self, person_id: UUID, password: str) -> None:
        """Every sign-in made with the old password ends with it."""
        self.ctx.directory.set_password_hash(person_id, credentials.hash_password(password))
        self.ctx.sign_ins.end_all(person_id)

    @command
    def activate(self, actor: UUID, person_id: UUID) -> None:
        """Activate without an invitation link (operator set-up and demo data only). The
        link is withdrawn, with its message if not yet sent: the account needs neither."""
        if actor != SYSTEM_ACTOR:
            raise PermissionDenied("accounts are activated through their invitation link")
        person = self.ctx.load(Person, person_id, "person", field="person_id")
        person.activate(actor=actor, at=self.ctx.clock.now())
        self.ctx.invitations.withdraw(person_id)  # first: a retry withdraws again
        self.ctx.save(person)

    @command
    def change_roles(
        self, actor: UUID, person_id: UUID, *, roles: Iterable[str], service_id: UUID | None
    ) -> None:
        require_system_or_staff(self.ctx, actor)
        if service_id is not None:
            self.ctx.load(LibraryService, service_id, "library service", field="service_id")
        person = self.ctx.load(Person, person_id, "person", field="person_id")
        person.change_roles(
            actor=actor, at=self.ctx.clock.now(), roles=roles, service_id=service_id
        )
        self.ctx.save(person)

    @command
    def set_region(self, actor: UUID, person_id: UUID, *, region_id: UUID | None) -> None:
        """Say which region a member of programme staff looks after (None: all of them)."""
        require_programme_staff(self.ctx, actor)
        if region_id is not None:
            self.ctx.load(Region, region_id, "region", field="region_id")
        person = self.ctx.load(Person, person_id, "person", field="person_id")
        person.set_region(actor=actor, at=self.ctx.clock.now(), region_id=region_id)
        self.ctx.save(person)

    def _self_or_staff(self, actor: UUID, person_id: UUID) -> Person:
        acting = active_person(self.ctx, actor)
        if acting.id != person_id and not acting.has(Role.PROGRAMME_STAFF):
            raise PermissionDenied("only the person themselves or programme staff can do that")
        return self.ctx.load(Person, person_id, "person", field="person_id")

    @command
    def set_themes(self, actor: UUID, person_id: UUID, *, theme_ids: Iterable[UUID]) -> bool:
        """Set a provider's themes. An expert's own change waits for programme staff's
        approval (themes decide which requests they are matched to); staff, and peers,
        change them at once. Returns whether the change waits."""
        person = self._self_or_staff(actor, person_id)
        themes = list(theme_ids)
        self.registry.require_live_themes(themes, field="theme_ids")
        now = self.ctx.clock.now()
        staff = active_person(self.ctx, actor).has(Role.PROGRAMME_STAFF)
        waits = False
        if person.has(Role.EXPERT) and not staff:
            waits = person.ask_for_themes(actor=actor, at=now, theme_ids=themes)
        else:
            person.set_themes(actor=actor, at=now, theme_ids=themes)
        self.ctx.save(person)
        return waits

    @command
    def approve_themes(self, actor: UUID, person_id: UUID) -> None:
        """Programme staff approve the change of themes an expert asked for."""
        require_programme_staff(self.ctx, actor)
        person = self.ctx.load(Person, person_id, "person", field="person_id")
        self.registry.require_live_themes(person.themes_asked or [], field="theme_ids")
        person.approve_themes(actor=actor, at=self.ctx.clock.now())
        self.ctx.save(person)

    @command
    def decline_themes(self, actor: UUID, person_id: UUID, *, reason: str = "") -> None:
        """Programme staff decline the change of themes an expert asked for; their themes
        stay as they were."""
        require_programme_staff(self.ctx, actor)
        person = self.ctx.load(Person, person_id, "person", field="person_id")
        person.decline_themes(actor=actor, at=self.ctx.clock.now(), reason=reason)
        self.ctx.save(person)

    @command
    def set_peer_settings(
        self,
        actor: UUID,
        person_id: UUID,
        *,
        monthly_cap_hours: object | None,
        requires_confirmation: bool,
    ) -> None:
        """Cap in hours a month (None or empty: no cap) and whether holds need confirming."""
        person = self._self_or_staff(actor, person_id)
        cap = None
        if monthly_cap_hours not in (None, ""):
            cap = minutes_from_hours(
                monthly_cap_hours,
                "the monthly cap",
                field="monthly_cap_hours",
                most=MAX_PEER_CAP_MINUTES // 60,
            )
        now = self.ctx.clock.now()
        months_read: dict[UUID, int] = {}  # a booking saved meanwhile makes this run again
        if cap is not None:
            for month in months_bookable_from(now):
                month_id = peer_month_id(person_id, month)
                committed = self.ctx.peek(PeerMonth, month_id)
                months_read[month_id] = 0 if committed is None else committed.version
                if committed is not None:
                    committed.check_cap(cap)
        person.set_peer_settings(
            actor=actor, at=now, cap_minutes=cap, requires_confirmation=requires_confirmation
        )
        self.ctx.save(person, unchanged=months_read)

    @command
    def set_bank_holidays(
        self, actor: UUID, person_id: UUID, *, nation: object, works_bank_holidays: bool
    ) -> None:
        """Whose bank holidays a provider follows, and whether they take sessions on them."""
        person = self._self_or_staff(actor, person_id)
        person.set_bank_holidays(
            actor=actor,
            at=self.ctx.clock.now(),
            nation=nation,
            works_bank_holidays=works_bank_holidays,
        )
        self.ctx.save(person)

    def update_details(self, actor: UUID, person_id: UUID, *, name: str, phone: str) -> None:
        person = self._self_or_staff(actor, person_id)
        if person.details_erased:
            raise InvalidInput("this person's details have been erased on request")
        self.ctx.directory.update(person_id, name=name, phone=phone)

    @command
    def deactivate(self, actor: UUID, person_id: UUID, *, reason: str) -> None:
        require_programme_staff(self.ctx, actor)
        if actor == person_id:
            raise InvalidInput("you cannot deactivate your own account")
        person = self.ctx.load(Person, person_id, "person", field="person_id")
        person.deactivate(actor=actor, at=self.ctx.clock.now(), reason=reason)
        self.ctx.sign_ins.end_all(person_id)  # first: reactivation must not revive them
        self.ctx.save(person)

    @command
    def reactivate(self, actor: UUID, person_id: UUID) -> None:
        require_programme_staff(self.ctx, actor)
        person = self.ctx.load(Person, person_id, "person", field="person_id")
        person.reactivate(actor=actor, at=self.ctx.clock.now())
        self.ctx.save(person)

    def erase_details(self, actor: UUID, person_id: UUID) -> None:
        """Erase a person's name and contact details on request (UK GDPR), and every text
        they wrote or that is about them. The history keeps their id and every event; it
        no longer says who they were, nor what they wrote."""
        self._erase_details(actor, person_id)
        self.after_erasure()

    @command
    def _erase_details(self, actor: UUID, person_id: UUID) -> None:
        require_programme_staff(self.ctx, actor)
        if actor == person_id:  # their password goes too: someone else must be able to act
            raise InvalidInput("another member of programme staff must erase your details")
        person = self.ctx.load(Person, person_id, "person", field="person_id")
        now = self.ctx.clock.now()
        person.record_details_erased(actor=actor, at=now)
        # Details first: a retry may wipe them again, but never records the erasure twice.
        texts = self.ctx.store.texts

        def and_what_else(tx: Transaction, person: UUID) -> None:
            _links_and_sign_ins(tx, person)
            texts.erase_person(tx, person.hex, now)

        self.ctx.directory.erase(person_id, now, also=and_what_else)
        texts.checkpoint()
        self.ctx.save(person)

    def person(self, person_id: UUID) -> PersonRecord:
        """A person's account, unchecked: for the system itself (signing in, and loading
        the person a session belongs to). Pages that show one person to another go
        through ``provider`` or ``Oversight.person``, which check who asks."""
        person = self.ctx.load(Person, person_id, "person", field="person_id")
        return person_record(person, self.ctx.directory.get(person_id))

    def provider(self, actor: UUID, provider_id: UUID) -> PersonRecord:
        """An expert or a peer, as anyone with an active account may see them: someone
        they may book. Anyone else is not found, so that an id reveals nobody."""
        active_person(self.ctx, actor)
        person = self.ctx.peek(Person, provider_id)
        if person is None or not person.is_provider:
            raise NotFound(f"there is no provider with id {provider_id}", field="provider_id")
        return person_record(person, self.ctx.directory.get(provider_id))

    def find_by_email(self, email: str) -> UUID | None:
        return self.ctx.directory.find_by_email(email)


def _links_and_sign_ins(tx: Transaction, person_id: UUID) -> None:
    invitations.erase(tx, person_id)
    sign_ins.end_all_in(tx, person_id)
    api_tokens.remove_all_in(tx, person_id)
    idempotency.forget_all_in(tx)  # a kept API answer may name them or quote them


def _link_spent() -> NotFound:
    return NotFound(
        "that link has expired or has already been used: ask programme staff for a new one",
        field="token",
    )


@functools.cache
def _dummy_hash() -> str:
    return credentials.hash_password("not a real password, only for timing")

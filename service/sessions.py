"""After the booking: recording sessions, the service's feedback, and published resources."""

from __future__ import annotations

from uuid import UUID

from domain.bookings import Booking, Outcome
from domain.engagements import Engagement
from domain.errors import InvalidInput, PermissionDenied
from domain.people import Role
from domain.resources import Resource, checked_content
from domain.validation import Problems
from service.access import active_person, require_role, require_staff_of
from service.context import Context, command
from service.records import ResourceRecord, resource_record
from service.registry import Registry
from service.unit import Unit


class Sessions:
    def __init__(self, ctx: Context, registry: Registry) -> None:
        self.ctx = ctx
        self.registry = registry

    @command
    def record(
        self,
        actor: UUID,
        booking_id: UUID,
        *,
        outcome: str,
        notes: str = "",
        outcomes: str = "",
        actions: str = "",
    ) -> None:
        """The provider records the session as held or no-show; held hours count as used."""
        unit = Unit(self.ctx)
        booking = unit.get(Booking, booking_id, "booking", field="booking_id")
        if active_person(self.ctx, actor).id != booking.provider_id:
            raise PermissionDenied("only the provider can record the session")
        try:
            result = Outcome(outcome)
        except ValueError:
            raise InvalidInput("choose held or no-show", field="outcome") from None
        booking.record_session(
            actor=actor,
            at=unit.now,
            outcome=result,
            notes=notes,
            outcomes=outcomes,
            actions=actions,
        )
        if result == Outcome.HELD and booking.engagement_id is not None:
            engagement = unit.get(Engagement, booking.engagement_id, "engagement", field=None)
            engagement.record_use(
                actor=actor, at=unit.now, booking_id=booking.id, minutes=booking.minutes
            )
        unit.commit()

    @command
    def give_feedback(
        self, actor: UUID, booking_id: UUID, *, rating: int, comment: str = ""
    ) -> None:
        booking = self.ctx.load(Booking, booking_id, "booking", field="booking_id")
        require_staff_of(self.ctx, actor, booking.service_id)
        booking.give_feedback(actor=actor, at=self.ctx.clock.now(), rating=rating, comment=comment)
        self.ctx.save(booking)

    @command
    def publish_resource(
        self,
        actor: UUID,
        *,
        title: str,
        summary: str,
        theme_id: UUID | None,
        link: str,
        licence: str,
        engagement_id: UUID | None = None,
    ) -> UUID:
        require_role(self.ctx, actor, Role.EXPERT, Role.PEER, Role.PROGRAMME_STAFF)
        if engagement_id is not None:
            engagement = self.ctx.load(
                Engagement, engagement_id, "engagement", field="engagement_id"
            )
            person = active_person(self.ctx, actor)
            if engagement.expert_id != actor and not person.has(Role.PROGRAMME_STAFF):
                raise PermissionDenied("only the engagement's expert can publish from it")
        problems = Problems()  # every problem of the form at once
        self._live_theme(problems, theme_id)
        resource = problems.check(
            lambda: Resource.publish(
                actor=actor,
                at=self.ctx.clock.now(),
                title=title,
                summary=summary,
                theme_id=theme_id,
                link=link,
                licence=licence,
                engagement_id=engagement_id,
            )
        )
        problems.raise_any()
        self.ctx.save(resource)
        return resource.id

    def _editable(self, actor: UUID, resource_id: UUID) -> Resource:
        resource = self.ctx.load(Resource, resource_id, "resource", field="resource_id")
        person = active_person(self.ctx, actor)
        if resource.published_by != actor and not person.has(Role.PROGRAMME_STAFF):
            raise PermissionDenied("only its publisher or programme staff can change it")
        return resource

    @command
    def revise_resource(
        self,
        actor: UUID,
        resource_id: UUID,
        *,
        title: str,
        summary: str,
        theme_id: UUID | None,
        link: str,
        licence: str,
    ) -> None:
        resource = self._editable(actor, resource_id)
        problems = Problems()  # every problem at once, before the resource changes
        self._live_theme(problems, theme_id)
        problems.check(lambda: checked_content(title, summary, theme_id, link, licence))
        problems.raise_any()
        resource.revise(
            actor=actor,
            at=self.ctx.clock.now(),
            title=title,
            summary=summary,
            theme_id=theme_id,
            link=link,
            licence=licence,
        )
        self.ctx.save(resource)

    def _live_theme(self, problems: Problems, theme_id: UUID | None) -> None:
        if theme_id is not None:
            problems.check(lambda: self.registry.require_live_themes([theme_id], field="theme_id"))

    @command
    def withdraw_resource(self, actor: UUID, resource_id: UUID, *, reason: str) -> None:
        resource = self._editable(actor, resource_id)
        resource.withdraw(actor=actor, at=self.ctx.clock.now(), reason=reason)
        self.ctx.save(resource)

    def resource_to_change(self, actor: UUID, resource_id: UUID) -> ResourceRecord:
        """A resource its publisher (or programme staff) may revise or withdraw."""
        return resource_record(self._editable(actor, resource_id))

    def resource(self, resource_id: UUID) -> ResourceRecord:
        return resource_record(
            self.ctx.load(Resource, resource_id, "resource", field="resource_id")
        )

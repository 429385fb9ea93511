"""Expressions of interest and the engagements commissioned from them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from domain.engagements import MAX_ALLOWANCE_MINUTES, Engagement
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.hours import minutes_from_hours
from domain.people import Person, Role
from domain.registry import LibraryService
from domain.requests import ExpressionOfInterest
from domain.time import london_date
from domain.validation import Problems
from projections.read_models import ReadModels
from projections.requests_read import EngagementSummary, RequestSummary
from service.access import active_person, require_programme_staff, require_staff_of, staff_of
from service.context import Context, command
from service.registry import Registry
from service.unit import Unit


class Requests:
    def __init__(
        self, ctx: Context, registry: Registry, read_models: Callable[[], ReadModels]
    ) -> None:
        self.ctx = ctx
        self.registry = registry
        self.read_models = read_models

    @command
    def submit(
        self,
        actor: UUID,
        *,
        service_id: UUID,
        theme_id: UUID | None,
        need: str,
        outcomes: str,
        hours_hoped: object,
        preferred_from: date | None = None,
        preferred_to: date | None = None,
    ) -> UUID:
        """A service's expression of interest; every problem with it is reported at once."""
        self.ctx.load(LibraryService, service_id, "library service", field="service_id")
        require_staff_of(self.ctx, actor, service_id)
        problems = Problems()
        if theme_id is not None:
            problems.check(lambda: self.registry.require_live_themes([theme_id], field="theme_id"))
        now = self.ctx.clock.now()
        if preferred_to is not None and preferred_to < london_date(now):
            problems.add(InvalidInput("the preferred dates are in the past", field="preferred_to"))
        request = problems.check(
            lambda: ExpressionOfInterest.submit(
                actor=actor,
                at=now,
                service_id=service_id,
                theme_id=theme_id,
                need=need,
                outcomes=outcomes,
                preferred_from=preferred_from,
                preferred_to=preferred_to,
                hours_hoped=hours_hoped,
            )
        )
        problems.raise_any()
        self.ctx.save(request)
        return request.id

    def _staff_review(self, actor: UUID, request_id: UUID) -> ExpressionOfInterest:
        require_programme_staff(self.ctx, actor)
        return self.ctx.load(ExpressionOfInterest, request_id, "request", field="request_id")

    @command
    def shortlist(self, actor: UUID, request_id: UUID) -> None:
        request = self._staff_review(actor, request_id)
        request.shortlist(actor=actor, at=self.ctx.clock.now())
        self.ctx.save(request)

    @command
    def approve(self, actor: UUID, request_id: UUID) -> None:
        request = self._staff_review(actor, request_id)
        request.approve(actor=actor, at=self.ctx.clock.now())
        self.ctx.save(request)

    @command
    def decline(self, actor: UUID, request_id: UUID, *, reason: str) -> None:
        request = self._staff_review(actor, request_id)
        request.decline(actor=actor, at=self.ctx.clock.now(), reason=reason)
        self.ctx.save(request)

    @command
    def withdraw(self, actor: UUID, request_id: UUID, *, reason: str = "") -> None:
        request = self.ctx.load(ExpressionOfInterest, request_id, "request", field="request_id")
        require_staff_of(self.ctx, actor, request.service_id)
        request.withdraw(actor=actor, at=self.ctx.clock.now(), reason=reason)
        self.ctx.save(request)

    @command
    def match(
        self,
        actor: UUID,
        request_id: UUID,
        *,
        expert_id: UUID,
        allowance_hours: object,
        ends_on: date,
        starts_on: date | None = None,
    ) -> UUID:
        """Commission an expert for an approved request: returns the engagement's id."""
        unit = Unit(self.ctx)
        require_programme_staff(self.ctx, actor)
        request = unit.get(ExpressionOfInterest, request_id, "request", field="request_id")
        expert = unit.get(Person, expert_id, "expert", field="expert_id")
        theme = self.registry.theme(request.theme_id)
        expert.check_can_be_commissioned(request.theme_id, theme.name)
        minutes = minutes_from_hours(
            allowance_hours,
            "the allowance",
            field="allowance_hours",
            most=MAX_ALLOWANCE_MINUTES // 60,
        )
        engagement = unit.add(
            Engagement.commission(
                actor=actor,
                at=unit.now,
                request_id=request.id,
                service_id=request.service_id,
                expert_id=expert_id,
                theme_id=request.theme_id,
                allowance_minutes=minutes,
                starts_on=starts_on or london_date(unit.now),
                ends_on=ends_on,
            )
        )
        request.mark_matched(
            actor=actor, at=unit.now, engagement_id=engagement.id, expert_id=expert_id
        )
        unit.commit()
        return engagement.id

    @command
    def change_allowance(
        self, actor: UUID, engagement_id: UUID, *, allowance_hours: object, ends_on: date
    ) -> None:
        require_programme_staff(self.ctx, actor)
        engagement = self.ctx.load(Engagement, engagement_id, "engagement", field="engagement_id")
        minutes = minutes_from_hours(
            allowance_hours,
            "the allowance",
            field="allowance_hours",
            most=MAX_ALLOWANCE_MINUTES // 60,
        )
        engagement.change_allowance(
            actor=actor, at=self.ctx.clock.now(), allowance_minutes=minutes, ends_on=ends_on
        )
        self.ctx.save(engagement)

    @command
    def complete_engagement(self, actor: UUID, engagement_id: UUID) -> None:
        unit = Unit(self.ctx)
        require_programme_staff(self.ctx, actor)
        engagement = unit.get(Engagement, engagement_id, "engagement", field="engagement_id")
        engagement.complete(actor=actor, at=unit.now)
        request = unit.get(ExpressionOfInterest, engagement.request_id, "request", field=None)
        request.mark_completed(actor=actor, at=unit.now)
        unit.commit()

    @command
    def close_engagement(self, actor: UUID, engagement_id: UUID, *, reason: str) -> None:
        unit = Unit(self.ctx)
        require_programme_staff(self.ctx, actor)
        engagement = unit.get(Engagement, engagement_id, "engagement", field="engagement_id")
        engagement.close(actor=actor, at=unit.now, reason=reason)
        request = unit.get(ExpressionOfInterest, engagement.request_id, "request", field=None)
        request.mark_closed(actor=actor, at=unit.now, reason=reason)
        unit.commit()

    def request(self, actor: UUID, request_id: UUID) -> RequestSummary:
        """The request, for its service, programme staff, auditors, and the expert it was
        matched with (who needs its context before the first session)."""
        request = self.ctx.read(ExpressionOfInterest, request_id, "request", field="request_id")
        if not self._is_matched_expert(actor, request):
            self._require_can_read(actor, request.service_id)
        found = self.read_models().requests.get(request_id)
        if found is None:
            raise NotFound(f"there is no request with id {request_id}", field="request_id")
        return found

    def _is_matched_expert(self, actor: UUID, request: ExpressionOfInterest) -> bool:
        if request.engagement_id is None:
            return False
        engagement = self.ctx.read(Engagement, request.engagement_id, "engagement", field=None)
        return active_person(self.ctx, actor).id == engagement.expert_id

    def engagement(self, actor: UUID, engagement_id: UUID) -> EngagementSummary:
        engagement = self.ctx.read(Engagement, engagement_id, "engagement", field="engagement_id")
        if active_person(self.ctx, actor).id != engagement.expert_id:
            self._require_can_read(actor, engagement.service_id)
        found = self.read_models().requests.engagement(engagement_id)
        if found is None:
            raise NotFound(f"there is no engagement with id {engagement_id}", field="engagement_id")
        return found

    def _require_can_read(self, actor: UUID, service_id: UUID) -> None:
        person = active_person(self.ctx, actor)
        if person.has(Role.PROGRAMME_STAFF) or person.has(Role.AUDITOR):
            return
        if not staff_of(person, service_id):
            raise PermissionDenied("only that service, programme staff and auditors can see it")

"""Who may do what (rule 4): role and ownership checks, with messages that say why not."""

from __future__ import annotations

from uuid import UUID

from domain.errors import PermissionDenied
from domain.ids import SYSTEM_ACTOR
from domain.people import Person, Role
from service.context import Context


def active_person(ctx: Context, actor_id: UUID) -> Person:
    """The acting person (shared: read only); refused if unknown or not active."""
    person = ctx.peek(Person, actor_id)
    if person is None or not person.is_active:
        raise PermissionDenied("you need an active account to do that")
    return person


def require_role(ctx: Context, actor_id: UUID, *roles: Role) -> Person:
    person = active_person(ctx, actor_id)
    if not any(person.has(role) for role in roles):
        names = " or ".join(role.value.replace("_", " ") for role in roles)
        raise PermissionDenied(f"only {names} can do that")
    return person


def require_programme_staff(ctx: Context, actor_id: UUID) -> Person:
    return require_role(ctx, actor_id, Role.PROGRAMME_STAFF)


def require_oversight(ctx: Context, actor_id: UUID) -> Person:
    """Programme staff or an auditor: those who read the whole programme's figures."""
    return require_role(ctx, actor_id, Role.PROGRAMME_STAFF, Role.AUDITOR)


def require_system_or_staff(ctx: Context, actor_id: UUID) -> None:
    if actor_id != SYSTEM_ACTOR:
        require_programme_staff(ctx, actor_id)


def staff_of(person: Person, service_id: UUID) -> bool:
    """Service staff (peers included: they are staff of their home service)."""
    acts_for_a_service = person.has(Role.SERVICE_STAFF) or person.has(Role.PEER)
    return acts_for_a_service and person.service_id == service_id


def require_staff_of(ctx: Context, actor_id: UUID, service_id: UUID) -> Person:
    person = active_person(ctx, actor_id)
    if not staff_of(person, service_id):
        raise PermissionDenied("only staff of that library service can do that")
    return person


def require_owner(ctx: Context, actor_id: UUID, provider_id: UUID) -> Person:
    """The provider themselves: nobody else changes a provider's availability."""
    person = active_person(ctx, actor_id)
    if person.id != provider_id:
        raise PermissionDenied("only the provider can change their own availability")
    return person

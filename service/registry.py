"""Commands on the programme's reference data: regions, library services and themes."""

from __future__ import annotations

from uuid import UUID

from domain.errors import InvalidInput, PermissionDenied
from domain.people import Role
from domain.registry import LibraryService, Region, Theme, check_code
from service.access import active_person, require_system_or_staff, staff_of
from service.context import Context, command
from service.records import (
    RegionRecord,
    ServiceRecord,
    ThemeRecord,
    region_record,
    service_record,
    theme_record,
)


class Registry:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _refuse_duplicate(
        self, kind: type[Region | LibraryService | Theme], code: str, noun: str
    ) -> None:
        cleaned = check_code(code)
        if self.ctx.find(kind, kind.create_id(cleaned)) is not None:
            raise InvalidInput(f"a {noun} with the code {cleaned!r} already exists", field="code")

    @command
    def add_region(self, actor: UUID, *, code: str, name: str) -> UUID:
        require_system_or_staff(self.ctx, actor)
        self._refuse_duplicate(Region, code, "region")
        region = Region.register(actor=actor, at=self.ctx.clock.now(), code=code, name=name)
        self.ctx.save(region)
        return region.id

    @command
    def rename_region(self, actor: UUID, region_id: UUID, *, name: str) -> None:
        require_system_or_staff(self.ctx, actor)
        region = self.ctx.load(Region, region_id, "region", field="region_id")
        region.rename(actor=actor, at=self.ctx.clock.now(), name=name)
        self.ctx.save(region)

    @command
    def register_service(self, actor: UUID, *, code: str, name: str, region_id: UUID) -> UUID:
        require_system_or_staff(self.ctx, actor)
        self._refuse_duplicate(LibraryService, code, "library service")
        self.ctx.load(Region, region_id, "region", field="region_id")
        service = LibraryService.register(
            actor=actor, at=self.ctx.clock.now(), code=code, name=name, region_id=region_id
        )
        self.ctx.save(service)
        return service.id

    @command
    def change_service(self, actor: UUID, service_id: UUID, *, name: str, region_id: UUID) -> None:
        require_system_or_staff(self.ctx, actor)
        self.ctx.load(Region, region_id, "region", field="region_id")
        service = self.ctx.load(LibraryService, service_id, "library service", field="service_id")
        service.change(actor=actor, at=self.ctx.clock.now(), name=name, region_id=region_id)
        self.ctx.save(service)

    @command
    def add_theme(self, actor: UUID, *, code: str, name: str, description: str = "") -> UUID:
        require_system_or_staff(self.ctx, actor)
        self._refuse_duplicate(Theme, code, "theme")
        theme = Theme.add(
            actor=actor, at=self.ctx.clock.now(), code=code, name=name, description=description
        )
        self.ctx.save(theme)
        return theme.id

    @command
    def change_theme(self, actor: UUID, theme_id: UUID, *, name: str, description: str) -> None:
        require_system_or_staff(self.ctx, actor)
        theme = self.ctx.load(Theme, theme_id, "theme", field="theme_id")
        theme.change(actor=actor, at=self.ctx.clock.now(), name=name, description=description)
        self.ctx.save(theme)

    @command
    def retire_theme(self, actor: UUID, theme_id: UUID) -> None:
        require_system_or_staff(self.ctx, actor)
        theme = self.ctx.load(Theme, theme_id, "theme", field="theme_id")
        theme.retire(actor=actor, at=self.ctx.clock.now())
        self.ctx.save(theme)

    def region(self, region_id: UUID) -> RegionRecord:
        return region_record(self.ctx.load(Region, region_id, "region", field="region_id"))

    def service(self, service_id: UUID) -> ServiceRecord:
        return service_record(
            self.ctx.load(LibraryService, service_id, "library service", field="service_id")
        )

    def service_for_history(self, actor: UUID, service_id: UUID) -> ServiceRecord:
        """The library service whose history ``actor`` asks to read: its own staff (peers
        included) may, as may programme staff and auditors; anyone else is refused."""
        service = self.service(service_id)
        person = active_person(self.ctx, actor)
        oversees = person.has(Role.PROGRAMME_STAFF) or person.has(Role.AUDITOR)
        if not (oversees or staff_of(person, service_id)):
            raise PermissionDenied(
                "only that service's staff, programme staff and auditors can read its history"
            )
        return service

    def theme(self, theme_id: UUID) -> ThemeRecord:
        return theme_record(self.ctx.load(Theme, theme_id, "theme", field="theme_id"))

    def require_live_themes(self, theme_ids: list[UUID], *, field: str) -> None:
        """Refuse unknown or retired themes, naming the first one at fault; ``field`` is
        the command's argument they came from (``theme_id`` or ``theme_ids``)."""
        for theme_id in theme_ids:
            theme = self.ctx.find(Theme, theme_id)
            if theme is None:
                raise InvalidInput(f"there is no theme with id {theme_id}", field=field)
            if theme.retired:
                raise InvalidInput(f"the theme {theme.name} is retired", field=field)

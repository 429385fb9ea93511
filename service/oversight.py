"""What programme staff and auditors read: the programme's figures, a region's dashboard,
and (staff only) a person's record with their availability. Each read checks who asks
(rule 4); figures and lists come from the read models (``bank.read_models``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from domain.errors import NotFound
from domain.people import Person
from domain.registry import Region
from projections.availability_read import TimeOffEntry, WindowEntry
from projections.read_models import ReadModels
from projections.stats import ProgrammeStats
from projections.stats_filters import Filters
from service.access import require_oversight, require_programme_staff
from service.attention import Attention, attention
from service.context import Context
from service.dashboards import dashboard_figures
from service.figures import Figure
from service.profiles import ExpertProfile, expert_profile
from service.records import PersonRecord, person_record, region_record
from service.regional import RegionDashboard, region_dashboard


@dataclass(frozen=True)
class PersonOverview:
    """A person as programme staff manage them: their account, whether their details were
    erased on request, and, for experts and peers, their published windows and time off."""

    person: PersonRecord
    details_erased: bool
    windows: list[WindowEntry]
    time_off: list[TimeOffEntry]


class Oversight:
    def __init__(self, ctx: Context, read_models: ReadModels) -> None:
        self.ctx = ctx
        self.read_models = read_models

    def programme(
        self,
        actor: UUID,
        *,
        by: Sequence[str] = ("theme", "region", "month"),
        first_month: str | None = None,
        last_month: str | None = None,
        theme_id: UUID | None = None,
    ) -> list[ProgrammeStats]:
        """The programme's figures grouped ``by`` theme, region and month (``YYYY-MM``),
        optionally from ``first_month`` to ``last_month``, of one theme."""
        require_oversight(self.ctx, actor)
        within = Filters(first_month, last_month, theme_id)
        return self.read_models.stats.programme(by=by, within=within)

    def figures(
        self,
        actor: UUID,
        *,
        first_month: str | None = None,
        last_month: str | None = None,
        theme_id: UUID | None = None,
        region_id: UUID | None = None,
    ) -> list[Figure]:
        """The dashboard's charts (see ``service.dashboards``), of the whole programme or of
        one region, counting from and until a month (``YYYY-MM``) and of one theme."""
        require_oversight(self.ctx, actor)
        if region_id is not None:
            self.ctx.read(Region, region_id, "region", field="region_id")
        within = Filters(first_month, last_month, theme_id, region_id)
        return dashboard_figures(self.read_models, within)

    def attention(self, actor: UUID, *, region_id: UUID | None = None) -> Attention:
        """What needs programme staff's attention (see ``service.attention``), in the whole
        programme or in one region."""
        require_programme_staff(self.ctx, actor)
        return attention(self.read_models, region_id, self.ctx.clock.now())

    def region(self, actor: UUID, region_id: UUID) -> RegionDashboard:
        """A region's dashboard (see ``service.regional``)."""
        require_oversight(self.ctx, actor)
        region = self.ctx.read(Region, region_id, "region", field="region_id")
        return region_dashboard(self.read_models, region_record(region), self.ctx.clock.now())

    def expert(self, actor: UUID, person_id: UUID) -> ExpertProfile:
        """An expert's profile for matching (see ``service.profiles``), for programme staff."""
        require_programme_staff(self.ctx, actor)
        found = self.read_models.people.person(person_id)
        if found is None or "expert" not in found.roles:
            raise NotFound(f"there is no expert with id {person_id}", field="person_id")
        return expert_profile(self.read_models, found, self.ctx.clock.now())

    def person(self, actor: UUID, person_id: UUID) -> PersonOverview:
        """A person's account and contact details, for programme staff only."""
        require_programme_staff(self.ctx, actor)
        person = self.ctx.read(Person, person_id, "person", field="person_id")
        provides = person.is_provider
        return PersonOverview(
            person=person_record(person, self.ctx.directory.get(person_id)),
            details_erased=person.details_erased,
            windows=self.read_models.windows.of_provider(person_id) if provides else [],
            time_off=self.read_models.windows.time_off(person_id) if provides else [],
        )

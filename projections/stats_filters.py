"""What the programme's figures count: the months, theme and region asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.errors import InvalidInput
from infrastructure.stored_values import key


@dataclass(frozen=True)
class Filters:
    """Which figures to count: from and until a month (``YYYY-MM``, either open), of one
    theme, of one region's library services. Months are checked here, once."""

    first_month: str | None = None
    last_month: str | None = None
    theme_id: UUID | None = None
    region_id: UUID | None = None

    def __post_init__(self) -> None:
        for value, name in ((self.first_month, "first_month"), (self.last_month, "last_month")):
            if value is not None:
                _check_month(value, name)
        if self.first_month and self.last_month and self.last_month < self.first_month:
            raise InvalidInput("the last month is before the first", field="last_month")


def where_within(within: Filters, region: str | None) -> tuple[str, list[object]]:
    """SQL conditions (on ``x``, the table counted) and their parameters for ``within``;
    ``region`` is the column holding the region, when the query joins one."""
    conditions: list[str] = ["1 = 1"]
    params: list[object] = []
    for condition, value in (
        ("x.month >= ?", within.first_month),
        ("x.month <= ?", within.last_month),
        ("x.theme_id = ?", within.theme_id and key(within.theme_id)),
        (f"{region} = ?", region and within.region_id and key(within.region_id)),
    ):
        if value:
            conditions.append(condition)
            params.append(value)
    return " AND ".join(conditions), params


def _check_month(value: str, name: str) -> None:
    try:
        datetime.strptime(value, "%Y-%m")
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} must be a month such as 2027-03", field=name) from None


EVERYTHING = Filters()

"""Bank holidays of the UK's three nations (England and Wales, Scotland, Northern Ireland),
from the ``holidays`` package. A provider follows one nation's; no session starts on one of
its bank holidays unless they have chosen to work them."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import lru_cache

import holidays

from domain.errors import InvalidInput


class Nation(StrEnum):
    ENGLAND_AND_WALES = "england_and_wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"


NATION_NAMES = {
    Nation.ENGLAND_AND_WALES: "England and Wales",
    Nation.SCOTLAND: "Scotland",
    Nation.NORTHERN_IRELAND: "Northern Ireland",
}
_SUBDIVISIONS = {
    Nation.ENGLAND_AND_WALES: "ENG",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}


def parse_nation(value: object, *, field: str = "nation") -> Nation:
    try:
        return Nation(str(value))
    except ValueError:
        raise InvalidInput(
            "choose England and Wales, Scotland or Northern Ireland", field=field
        ) from None


@lru_cache(maxsize=64)
def _of_year(nation: Nation, year: int) -> dict[date, str]:
    found = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[nation], years=year)
    return dict(found.items())


def bank_holiday(day: date, nation: str) -> str | None:
    """The name of the bank holiday on ``day`` in ``nation``, or None on any other day."""
    return _of_year(Nation(nation), day.year).get(day)


def holiday_off(day: date, nation: str, works_bank_holidays: bool) -> str | None:
    """The bank holiday on ``day`` that someone following ``nation`` does not work, if any."""
    return None if works_bank_holidays else bank_holiday(day, nation)


def bank_holidays_between(first: date, last: date, nation: str) -> list[tuple[date, str]]:
    """The bank holidays of ``nation`` from ``first`` to ``last``, inclusive, in order."""
    found = (
        (day, name)
        for year in range(first.year, last.year + 1)
        for day, name in _of_year(Nation(nation), year).items()
        if first <= day <= last
    )
    return sorted(found)

"""The figures a dashboard shows: each a title, a sentence saying what it shows, and a table
(rows, columns and a totals row) that the page draws as a chart, lists beside it, and
exports as CSV, all from the same values.

Hours are kept as minutes until they are shown, so a total is the minutes summed and then
rounded once, and agrees with the rows above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.requests import RequestState


@dataclass(frozen=True)
class Hours:
    """A number of hours, held as whole minutes; shown to two decimal places at most."""

    minutes: int

    def __str__(self) -> str:
        return f"{self.minutes / 60:.2f}".rstrip("0").rstrip(".")

    def __float__(self) -> float:
        return self.minutes / 60


Value = int | Hours


@dataclass(frozen=True)
class FigureRow:
    label: str
    values: list[Value]


@dataclass(frozen=True)
class Figure:
    """One chart and its table. ``charted`` is how many of the first columns the chart
    draws (a "Total" column after them is only listed); ``stacked`` says the charted
    columns are parts of a whole (drawn end to end) rather than compared side by side."""

    slug: str
    title: str
    summary: str
    heading: str
    columns: list[str]
    rows: list[FigureRow]
    charted: int
    stacked: bool = False

    @property
    def totals(self) -> FigureRow:
        return FigureRow("Total", column_totals(self.rows, len(self.columns)))

    def table(self) -> list[list[str]]:
        """The header, the rows and the totals row, as text: what the page lists and the
        CSV holds."""
        lines = [[self.heading, *self.columns]]
        for row in [*self.rows, self.totals]:
            lines.append([row.label, *(str(value) for value in row.values)])
        return lines


def column_totals(rows: list[FigureRow], width: int) -> list[Value]:
    """Each of the first ``width`` columns of ``rows`` summed."""
    return [total_of([row.values[column] for row in rows]) for column in range(width)]


def total_of(values: list[Value]) -> Value:
    """The values summed: hours as minutes, rounded only when shown."""
    hours = [value.minutes for value in values if isinstance(value, Hours)]
    if hours:
        return Hours(sum(hours))
    return sum(value for value in values if isinstance(value, int))


STAGES = {
    "Waiting": ("submitted", "shortlisted", "approved"),
    "Matched": ("matched", "completed", "closed"),
    "Declined or withdrawn": ("declined", "withdrawn"),
}
STATES = [state.value for state in RequestState]
AGE_BANDS: list[tuple[str, int, int | None]] = [  # days, from (included) and to (not)
    ("Under 1 week", 0, 7),
    ("1 to 2 weeks", 7, 14),
    ("2 to 4 weeks", 14, 28),
    ("4 weeks or more", 28, None),
]


def stage_row(label: str, by_state: dict[str, int]) -> FigureRow:
    """Requests in each stage (``STAGES``) and in all."""
    counts = [sum(by_state.get(state, 0) for state in states) for states in STAGES.values()]
    return FigureRow(label, [*counts, sum(by_state.values())])


def in_band(days: float, low: int, high: int | None) -> bool:
    return low <= days and (high is None or days < high)


def band_counts(days: list[float]) -> list[FigureRow]:
    """How many of ``days`` fall in each of ``AGE_BANDS``."""
    return [
        FigureRow(label, [sum(1 for d in days if in_band(d, low, high))])
        for label, low, high in AGE_BANDS
    ]


def month_label(month: str | None) -> str:
    """``2027-03`` → ``March 2027``."""
    year, number = (month or "").split("-")
    return date(int(year), int(number), 1).strftime("%B %Y")


def plural(count: Value, word: str) -> str:
    """``1 request``, ``2 requests``."""
    return f"{count} {word}" if str(count) == "1" else f"{count} {word}s"

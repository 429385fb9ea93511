"""The charts of the programme's dashboard and of a region's: requests by state, by month
and by theme; time from submission to match; expert hours allocated, booked and used (by
region, or in a region by library service); sessions held and no-shows by theme; peer hours
given and received by library service; ratings. Each counts what is within the same
filters (months, theme, region), so the charts of one page agree with each other.
"""

from __future__ import annotations

from collections.abc import Callable

from projections.read_models import ReadModels
from projections.stats import ProgrammeStats
from projections.stats_filters import Filters
from service.figures import (
    STAGES,
    STATES,
    Figure,
    FigureRow,
    Hours,
    band_counts,
    column_totals,
    month_label,
    plural,
    stage_row,
)


def dashboard_figures(read_models: ReadModels, within: Filters) -> list[Figure]:
    """Every chart of a dashboard, in the order the page shows them."""
    stats = read_models.stats
    by_month = stats.programme(by=("month",), within=within)
    by_theme = sorted(stats.programme(by=("theme",), within=within), key=_by_name)
    return [
        _requests_by_state(stats.programme(by=(), within=within)),
        _requests_over(by_month, "month", "Month submitted", lambda line: month_label(line.month)),
        _requests_over(by_theme, "theme", "Theme", lambda line: line.theme_name),
        _time_to_match(stats.days_to_match(within=within)),
        _hours(read_models, within),
        _sessions(by_theme),
        _peer_hours(read_models, within),
        _ratings(read_models, within),
    ]


def _by_name(line: ProgrammeStats) -> str:
    return line.theme_name.lower()


def _requests_by_state(lines: list[ProgrammeStats]) -> Figure:
    by_state = lines[0].requests_by_state if lines else {}
    rows = [FigureRow(state.capitalize(), [by_state.get(state, 0)]) for state in STATES]
    total = sum(by_state.values())
    waiting = sum(by_state.get(state, 0) for state in STAGES["Waiting"])
    return Figure(
        slug="requests-by-state",
        title="Requests by state",
        summary=f"{plural(total, 'request')} submitted; {waiting} of them waiting for a"
        " decision or an expert.",
        heading="State now",
        columns=["Requests"],
        rows=rows,
        charted=1,
    )


def _requests_over(
    lines: list[ProgrammeStats], over: str, heading: str, name: Callable[[ProgrammeStats], str]
) -> Figure:
    rows = [
        stage_row(name(line), line.requests_by_state) for line in lines if line.requests_by_state
    ]
    busiest = max(rows, key=lambda row: float(row.values[-1]), default=None)
    summary = (
        f"Most requests: {busiest.label} ({busiest.values[-1]})." if busiest else "No requests."
    )
    return Figure(
        slug=f"requests-by-{over}",
        title=f"Requests by {over} and stage",
        summary=f"{summary} Waiting: submitted, shortlisted or approved. Matched: matched,"
        " completed or closed.",
        heading=heading,
        columns=[*STAGES, "Total"],
        rows=rows,
        charted=len(STAGES),
        stacked=True,
    )


def _time_to_match(days: list[float]) -> Figure:
    summary = (
        f"{plural(len(days), 'request')} matched, on average"
        f" {sum(days) / len(days):.1f} days after it was submitted."
        if days
        else "No request has been matched yet."
    )
    return Figure(
        slug="time-to-match",
        title="Time from submission to match",
        summary=summary,
        heading="Time to match",
        columns=["Requests matched"],
        rows=band_counts(days),
        charted=1,
    )


def _hours(read_models: ReadModels, within: Filters) -> Figure:
    """Expert hours by region, in the regions' order (by name); within a region, by its
    library services."""
    stats = read_models.stats
    if within.region_id is None:
        lines = {line.region_id: line for line in stats.programme(by=("region",), within=within)}
        places = [(r.region_id, r.name) for r in read_models.registry.regions()]
        heading, over = "Region", "region"
    else:
        lines = {line.service_id: line for line in stats.programme(by=("service",), within=within)}
        places = [(s.service_id, s.name) for s in read_models.registry.services(within.region_id)]
        heading, over = "Library service", "library service"
    rows = [
        FigureRow(
            name,
            [
                Hours(lines[key].minutes_allocated if key in lines else 0),
                Hours(lines[key].minutes_booked if key in lines else 0),
                Hours(lines[key].minutes_used if key in lines else 0),
            ],
        )
        for key, name in places
    ]
    allocated, booked, used = column_totals(rows, 3)
    return Figure(
        slug="expert-hours",
        title=f"Expert hours by {over}",
        summary=f"{plural(allocated, 'expert hour')} allocated, {booked} booked and {used} used."
        " Allocated counts engagements by the month they were commissioned; booked and"
        " used count sessions by their month.",
        heading=heading,
        columns=["Expert hours allocated", "Expert hours booked", "Expert hours used"],
        rows=rows,
        charted=3,
    )


def _sessions(by_theme: list[ProgrammeStats]) -> Figure:
    rows = [
        FigureRow(
            line.theme_name,
            [line.expert_sessions_held, line.peer_sessions_held, line.no_shows],
        )
        for line in by_theme
        if line.sessions_held or line.no_shows
    ]
    expert, peer, missed = column_totals(rows, 3)
    return Figure(
        slug="sessions-by-theme",
        title="Sessions held and no-shows by theme",
        summary=f"{expert} expert and {peer} peer sessions held; {plural(missed, 'no-show')}.",
        heading="Theme",
        columns=["Expert sessions held", "Peer sessions held", "No-shows (expert and peer)"],
        rows=rows,
        charted=3,
    )


def _peer_hours(read_models: ReadModels, within: Filters) -> Figure:
    rows = [
        FigureRow(line.service_name, [Hours(line.minutes_given), Hours(line.minutes_received)])
        for line in read_models.stats.peer_hours(within=within)
    ]
    given, received = column_totals(rows, 2)
    return Figure(
        slug="peer-hours",
        title="Peer hours given and received by library service",
        summary=f"{plural(given, 'peer hour')} given and {received} received, in sessions held."
        " A group session counts once for the service that gave it and once for each"
        " service that took a seat, so the two totals can differ.",
        heading="Library service",
        columns=["Peer hours given", "Peer hours received"],
        rows=rows,
        charted=2,
    )


def _ratings(read_models: ReadModels, within: Filters) -> Figure:
    counts = read_models.stats.ratings(within=within)
    rows = [
        FigureRow(f"{c.rating} out of 5", [c.expert, c.peer, c.expert + c.peer]) for c in counts
    ]
    rated = sum(c.expert + c.peer for c in counts)
    average = sum(c.rating * (c.expert + c.peer) for c in counts) / rated if rated else 0
    return Figure(
        slug="ratings",
        title="Ratings",
        summary=f"{plural(rated, 'session')} rated, on average {average:.1f} out of 5."
        if rated
        else "No session has been rated yet.",
        heading="Rating",
        columns=["Expert sessions", "Peer sessions", "Both"],
        rows=rows,
        charted=2,
        stacked=True,
    )

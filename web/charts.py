"""Bar charts drawn on the server as SVG, from a dashboard's figure.

Each row of the figure is a label above its bars: one bar made of parts end to end when the
columns add up to a whole, or one thin bar per column when they are compared. Widths are
percentages of the chart's width, so a chart fits any screen without a script; colours and
type come from the stylesheet (classes only, no inline style). The chart is hidden from
screen readers: the summary and the table beside it say the same.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from service.figures import Figure, Value, total_of

LABEL = 20  # height of a row's label line, in pixels
BAR = 14
GAP = 3
ROW_GAP = 12
SCALE = 80  # the longest bar's width, in percent: room after it for its value
LONGEST_LABEL = 38


def bar_chart(figure: Figure) -> Markup:
    """The figure's charted columns as an SVG bar chart, with a legend when it has several."""
    series = figure.columns[: figure.charted]
    rows = [[float(value) for value in row.values[: figure.charted]] for row in figure.rows]
    if not rows:
        return Markup('<p class="govuk-body">Nothing to chart yet.</p>')
    bars = 1 if figure.stacked else len(series)
    longest = max((sum(r) if figure.stacked else max(r, default=0) for r in rows), default=0)
    scale = SCALE / longest if longest else 0
    row_height = LABEL + bars * (BAR + GAP) + ROW_GAP
    parts: list[str] = []
    for index, (row, values) in enumerate(zip(figure.rows, rows, strict=True)):
        top = index * row_height
        parts.append(
            f'<text class="app-chart__label" x="0" y="{top + LABEL - 6}">{_short(row.label)}</text>'
        )
        top += LABEL
        if figure.stacked:
            parts.extend(_stack(values, row.values[: figure.charted], top, scale))
        else:
            parts.extend(_side_by_side(values, row.values, top, scale))
    height = len(rows) * row_height
    svg = (
        f'<svg class="app-chart__svg" width="100%" height="{height}"'
        f' aria-hidden="true" focusable="false">{"".join(parts)}</svg>'
    )
    return Markup(f'<div class="app-chart">{_legend(series)}{svg}</div>')


def _stack(values: list[float], shown: list[Value], top: int, scale: float) -> list[str]:
    parts, x = [], 0.0
    for column, value in enumerate(values):
        width = value * scale
        if width:
            parts.append(_rect(column, x, width, top))
        x += width
    parts.append(_value(x, top, str(total_of(shown))))
    return parts


def _side_by_side(values: list[float], shown: list[Value], top: int, scale: float) -> list[str]:
    parts = []
    for column, value in enumerate(values):
        y = top + column * (BAR + GAP)
        parts.append(_rect(column, 0, value * scale, y))
        parts.append(_value(value * scale, y, str(shown[column])))
    return parts


def _rect(column: int, x: float, width: float, y: int) -> str:
    return (
        f'<rect class="app-chart__bar app-chart__bar--{column + 1}"'
        f' x="{x:.2f}%" y="{y}" width="{width:.2f}%" height="{BAR}"></rect>'
    )


def _value(x: float, y: int, text: str) -> str:
    return (
        f'<text class="app-chart__value" x="{x:.2f}%" dx="4" y="{y + BAR - 3}">'
        f"{escape(text)}</text>"
    )


def _legend(series: list[str]) -> str:
    if len(series) < 2:
        return ""
    items = "".join(
        f'<li class="app-chart__key"><svg class="app-chart__swatch" width="14" height="14"'
        f' aria-hidden="true" focusable="false"><rect class="app-chart__bar'
        f' app-chart__bar--{column + 1}" width="14" height="14"></rect></svg>'
        f"{escape(name)}</li>"
        for column, name in enumerate(series)
    )
    return f'<ul class="app-chart__legend">{items}</ul>'


def _short(label: str) -> Markup:
    text = label if len(label) <= LONGEST_LABEL else label[: LONGEST_LABEL - 1] + "…"
    return escape(text)

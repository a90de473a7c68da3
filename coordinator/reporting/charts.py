"""Chart layouts: band shares month by month, volunteers' load, one community's health.

Each function returns a ``Drawing`` for a given size; the window lays it out again when it is
resized, the reports once at their own width.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from coordinator.domain import HealthBand
from coordinator.health import band_rank
from coordinator.reporting.drawing import (
    GRID,
    MUTED,
    TEXT,
    Circle,
    Drawing,
    Line,
    Polyline,
    Rect,
    Text,
    text_width,
)
from coordinator.reporting.history import BANDS_BEST_FIRST, MonthBands

if TYPE_CHECKING:
    from coordinator.reporting.programme import VolunteerLoad

# The bands' colours in the reports and in the window (its dots, legends and cards).
BAND_COLOURS: dict[HealthBand, str] = {
    HealthBand.UNKNOWN: "#b8c0cc",
    HealthBand.DORMANT: "#7b8597",
    HealthBand.QUIET: "#d99a1e",
    HealthBand.ACTIVE: "#3aa76d",
    HealthBand.REALLY_ACTIVE: "#2f5bea",
}
BAND_LABELS: dict[HealthBand, str] = {
    HealthBand.REALLY_ACTIVE: "Really active",
    HealthBand.ACTIVE: "Active",
    HealthBand.QUIET: "Quiet",
    HealthBand.DORMANT: "Dormant",
    HealthBand.UNKNOWN: "No data",
}
LOAD_COLOUR = "#2f5bea"
FULL_COLOUR = "#3aa76d"
OVER_COLOUR = "#d9363e"
TRACK = "#edf0f5"
LINE_COLOUR = "#111827"


def month_label(month: date, first: bool) -> str:
    """``Nov`` — or ``Jan 2027`` / ``Nov 2026`` where a year starts or the axis does."""
    return f"{month:%b %Y}" if first or month.month == 1 else f"{month:%b}"


def _legend(drawing: Drawing, bands: Sequence[HealthBand], x: float, y: float) -> None:
    for band in bands:
        label = BAND_LABELS[band]
        drawing.add(
            Rect(x, y - 9, 10, 10, BAND_COLOURS[band], radius=2, key=("band", band), tip=label),
            Text(x + 15, y, label, 11, TEXT),
        )
        x += 15 + text_width(label, 11) + 18


def bands_chart(trend: Sequence[MonthBands], width: float = 680, height: float = 250) -> Drawing:
    """Stacked bars of each band's share of the communities, one bar per month."""
    drawing = Drawing(width, height, "Health of the communities, month by month")
    shown = [b for b in BANDS_BEST_FIRST if any(p.counts.get(b, 0) for p in trend)]
    _legend(drawing, shown or list(BANDS_BEST_FIRST[:4]), 46, 14)
    left, right, top, bottom = 46.0, 10.0, 34.0, 24.0
    plot_w, plot_h = width - left - right, height - top - bottom
    for k in range(5):
        y = top + plot_h * (1 - k / 4)
        drawing.add(
            Line(left, y, width - right, y, GRID if k else "#cbd2dd"),
            Text(left - 8, y + 4, f"{k * 25} %", 10, MUTED, "end"),
        )
    if not trend:
        drawing.add(
            Text(
                left + plot_w / 2, top + plot_h / 2, "No activity imported yet", 12, MUTED, "middle"
            )
        )
        return drawing
    slot = plot_w / len(trend)
    bar = min(slot * 0.62, 46.0)
    for i, point in enumerate(trend):
        x = left + slot * i + (slot - bar) / 2
        base = top + plot_h
        total = point.total or 1
        for band in shown:  # best first from the baseline up
            count = point.counts.get(band, 0)
            if not count:
                continue
            h = plot_h * count / total
            share = f"{count * 100 / total:.0f} %"
            tip = f"{point.month:%B %Y}: {count} {BAND_LABELS[band].lower()} ({share})"
            drawing.add(
                Rect(
                    x,
                    base - h,
                    bar,
                    h,
                    BAND_COLOURS[band],
                    "#ffffff",
                    key=("month", i, band),
                    tip=tip,
                )
            )
            base -= h
        drawing.add(
            Text(x + bar / 2, height - 7, month_label(point.month, i == 0), 10, MUTED, "middle")
        )
    last = trend[-1]
    alive = last.share(HealthBand.ACTIVE) + last.share(HealthBand.REALLY_ACTIVE)
    drawing.add(
        Text(
            width - right,
            14,
            f"{alive * 100:.0f} % active or better in {last.month:%b}",
            11,
            TEXT,
            "end",
            True,
        )
    )
    return drawing


def load_chart(loads: Sequence[VolunteerLoad], width: float = 680, row: float = 24) -> Drawing:
    """One horizontal bar per volunteer: caseload against capacity."""
    height = max(len(loads), 1) * row + 26
    drawing = Drawing(width, height, "Volunteers' caseloads against their capacity")
    if not loads:
        drawing.add(Text(width / 2, 20, "No active volunteers", 12, MUTED, "middle"))
        return drawing
    label_w = min(max(text_width(v.name, 11) for v in loads) + 12, width * 0.34)
    figure_w = 64.0
    track_x, track_w = label_w, width - label_w - figure_w
    most = max(max(v.capacity for v in loads), max(v.load for v in loads), 1)
    axis_y = len(loads) * row + 6
    for k in range(0, most + 1, max(1, most // 5)):  # the grid first: bars paint over it
        x = track_x + track_w * k / most
        drawing.add(
            Line(x, 2, x, axis_y - 2, GRID, 1, dashed=True),
            Text(x, axis_y + 12, str(k), 10, MUTED, "middle"),
        )
    for i, v in enumerate(loads):
        y = i * row + 4
        name = v.name if text_width(v.name, 11) <= label_w - 12 else _clip(v.name, label_w - 12, 11)
        over, full = v.load > v.capacity, v.load == v.capacity
        colour = OVER_COLOUR if over else FULL_COLOUR if full else LOAD_COLOUR
        capacity_w = track_w * v.capacity / most
        fill_w = track_w * v.load / most
        tip = f"{v.name}: {v.load} of {v.capacity} communities"
        figure = f"{v.load} / {v.capacity}"
        drawing.add(
            Rect(0, y, width, row - 4, "#ffffff00", key=("volunteer", v.facilitator_id), tip=tip),
            Text(label_w - 12, y + row / 2 + 2, name, 11, TEXT, "end"),
            Rect(track_x, y + 3, max(capacity_w, 2), row - 10, TRACK, radius=4),
        )
        if fill_w:
            drawing.add(Rect(track_x, y + 3, fill_w, row - 10, colour, radius=4))
        drawing.add(Text(width - figure_w + 8, y + row / 2 + 2, figure, 11, TEXT, bold=over))
    return drawing


def _clip(text: str, width: float, size: float) -> str:
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def community_chart(
    months: Sequence[date],
    bands: Sequence[HealthBand],
    active_members: Sequence[int | None],
    width: float = 680,
    height: float = 190,
) -> Drawing:
    """One community's band per month (column height = band) and active members (line)."""
    drawing = Drawing(width, height, "Health and active members, month by month")
    left, right, top, bottom = 92.0, 40.0, 26.0, 24.0
    plot_w, plot_h = width - left - right, height - top - bottom
    levels = [HealthBand.DORMANT, HealthBand.QUIET, HealthBand.ACTIVE, HealthBand.REALLY_ACTIVE]
    for band in levels:
        y = top + plot_h * (1 - (band_rank(band) + 1) / 4)
        drawing.add(
            Line(left, y, width - right, y),
            Text(left - 8, y + 4, BAND_LABELS[band], 10, MUTED, "end"),
        )
    drawing.add(Line(left, top + plot_h, width - right, top + plot_h, "#cbd2dd"))
    legend_x = width - right - text_width("Active members", 10)
    drawing.add(
        Line(legend_x - 26, 8, legend_x - 6, 8, LINE_COLOUR, 1.6),
        Circle(legend_x - 16, 8, 2.5, "#ffffff", LINE_COLOUR),
        Text(legend_x, 12, "Active members", 10, TEXT),
    )
    if not months:
        return drawing
    slot = plot_w / len(months)
    bar = min(slot * 0.6, 40.0)
    known = [a for a in active_members if a is not None]
    peak = max(known, default=0) or 1
    points = []
    base = top + plot_h
    for i, (month, band) in enumerate(zip(months, bands, strict=True)):
        x = left + slot * i + (slot - bar) / 2
        if band == HealthBand.UNKNOWN:
            h = plot_h * 0.25
            drawing.add(Rect(x, base - h, bar, h, "#ffffff", "#b8c0cc", 3, dashed=True))
        else:
            # A tinted column with a solid cap: the level reads at once, the line stays legible.
            h = plot_h * (band_rank(band) + 1) / 4
            colour = BAND_COLOURS[band]
            tip = f"{month:%B %Y}: {BAND_LABELS[band].lower()}"
            drawing.add(
                Rect(x, base - h, bar, h, colour + "38", radius=3, key=("month", i), tip=tip),
                Rect(x, base - h, bar, 4, colour, radius=2),
            )
        drawing.add(Text(x + bar / 2, height - 7, month_label(month, i == 0), 10, MUTED, "middle"))
        active = active_members[i]
        if active is not None:
            points.append(
                (x + bar / 2, top + 12 + (plot_h - 12) * (1 - 0.9 * active / peak), active)
            )
    if len(points) > 1:
        drawing.add(Polyline(tuple((x, y) for x, y, _ in points), LINE_COLOUR, 1.6))
    for x, y, active in points:
        label = str(active)
        w = text_width(label, 9) + 6
        drawing.add(
            Rect(x - w / 2, y - 17, w, 12, "#ffffff", radius=3),
            Text(x, y - 8, label, 9, LINE_COLOUR, "middle", True),
            Circle(x, y, 3, "#ffffff", LINE_COLOUR),
        )
    return drawing

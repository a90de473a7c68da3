"""HTML building blocks shared by the monthly report and the hand-over pack.

One document serves two readers: a browser (``Flavour.BROWSER``: inline SVG charts, print
CSS) and Qt's rich-text engine for the PDF (``Flavour.QT``: charts as images the caller
registers, and only the CSS subset QTextDocument understands). Zebra rows and header colours
are written as attributes as well as classes because QTextDocument has no ``:nth-child``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from html import escape

from coordinator.domain import HealthBand
from coordinator.health import Trend
from coordinator.reporting.charts import BAND_COLOURS, BAND_LABELS
from coordinator.reporting.drawing import Drawing, to_svg

ChartMarkup = Callable[[str, Drawing], str]

ZEBRA = "#f5f7fb"
HEAD = "#eef2fb"
INK = "#1f2937"
MUTED = "#6b7280"
ACCENT = "#2f5bea"
TREND_TEXT = {Trend.UP: "▲ rising", Trend.DOWN: "▼ falling", Trend.FLAT: "▶ steady"}
TREND_COLOUR = {Trend.UP: "#2f8a57", Trend.DOWN: "#c2353c", Trend.FLAT: MUTED}


class Flavour(StrEnum):
    BROWSER = "browser"
    QT = "qt"


def svg_chart(_name: str, drawing: Drawing) -> str:
    """A chart as inline SVG (the browser flavour)."""
    return to_svg(drawing)


_BROWSER_CSS = f"""
@page {{ size: A4; margin: 16mm 14mm 18mm 14mm; }}
body {{ font-family: "Segoe UI", "Helvetica Neue", Helvetica, Arial, sans-serif; color: {INK};
  font-size: 10.5pt; line-height: 1.45; margin: 0; background: #eef1f6; }}
main {{ max-width: 780px; margin: 24px auto; background: #fff; padding: 36px 44px;
  box-shadow: 0 1px 4px rgba(17,24,39,.12); border-radius: 6px; }}
@media print {{ body {{ background: #fff; }} main {{ box-shadow: none; margin: 0; padding: 0;
  max-width: none; }} h2 {{ break-after: avoid; }} tr, .chart {{ break-inside: avoid; }}
  .page-break {{ break-before: page; }} }}
.title-block {{ border-left: 6px solid {ACCENT}; padding: 4px 0 4px 16px; margin-bottom: 22px; }}
.kicker {{ color: {ACCENT}; font-size: 9pt; font-weight: 600; letter-spacing: .08em;
  text-transform: uppercase; }}
h1 {{ font-size: 22pt; margin: 4px 0 6px 0; color: #111827; }}
h2 {{ font-size: 14pt; margin: 28px 0 8px 0; padding-bottom: 4px; color: #111827;
  border-bottom: 2px solid #e2e6ee; }}
h3 {{ font-size: 11pt; margin: 16px 0 6px 0; color: #374151; }}
p {{ margin: 4px 0 8px 0; }}
.meta, .muted {{ color: {MUTED}; }}
.lead {{ font-size: 11.5pt; }}
table {{ border-collapse: collapse; width: 100%; margin: 4px 0 10px 0; }}
th {{ text-align: left; font-size: 9pt; color: #4b5563; background: {HEAD};
  border-bottom: 1px solid #cfd6e2; padding: 6px 8px; }}
td {{ padding: 5px 8px; border-bottom: 1px solid #edf0f5; vertical-align: top; }}
tr.odd td {{ background: {ZEBRA}; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
table.cards td {{ border: 1px solid #e2e6ee; background: #fbfcfe; padding: 10px 12px;
  width: 25%; }}
.figure {{ font-size: 19pt; font-weight: 600; color: #111827; }}
.label {{ color: #374151; font-size: 9pt; font-weight: 600; }}
.detail {{ color: {MUTED}; font-size: 8.5pt; }}
.up {{ color: #2f8a57; }} .down {{ color: #c2353c; }}
.chart {{ margin: 8px 0 14px 0; }}
.empty {{ color: {MUTED}; font-style: italic; }}
ul.follow {{ margin: 4px 0 10px 0; padding-left: 20px; }}
a {{ color: {ACCENT}; text-decoration: none; }}
"""

_QT_CSS = f"""
body {{ color: {INK}; font-size: 9.5pt; }}
h1 {{ font-size: 20pt; font-weight: 600; color: #111827; margin-top: 2px; margin-bottom: 4px; }}
h2 {{ font-size: 13.5pt; font-weight: 600; color: #111827; margin-top: 20px; margin-bottom: 6px; }}
h3 {{ font-size: 10.5pt; font-weight: 600; color: #374151; margin-top: 12px; margin-bottom: 4px; }}
p {{ margin-top: 2px; margin-bottom: 6px; }}
.kicker {{ color: {ACCENT}; font-size: 8.5pt; font-weight: 600; }}
.meta, .muted {{ color: {MUTED}; }}
.label {{ color: #374151; font-size: 8.5pt; font-weight: 600; }}
.detail {{ color: {MUTED}; font-size: 8pt; }}
.lead {{ font-size: 10.5pt; }}
.figure {{ font-size: 17pt; font-weight: 600; color: #111827; }}
th {{ color: #4b5563; font-size: 8.5pt; font-weight: 600; text-align: left; }}
.num {{ text-align: right; }}
.up {{ color: #2f8a57; }}
.down {{ color: #c2353c; }}
.empty {{ color: {MUTED}; font-style: italic; }}
a {{ color: {ACCENT}; text-decoration: none; }}
"""


@dataclass(frozen=True)
class Page:
    """Writes the parts of one document in the chosen flavour."""

    flavour: Flavour = Flavour.BROWSER
    chart_markup: ChartMarkup = svg_chart

    @property
    def qt(self) -> bool:
        return self.flavour == Flavour.QT

    def document(self, title: str, body: str) -> str:
        """The whole HTML document around ``body``."""
        css = _QT_CSS if self.qt else _BROWSER_CSS
        wrapped = body if self.qt else f"<main>{body}</main>"
        return (
            f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{css}</style></head>"
            f"<body>{wrapped}</body></html>\n"
        )

    def title_block(self, kicker: str, title: str, meta: Sequence[str]) -> str:
        """The report's title, with what it covers underneath."""
        lines = "<br>".join(escape(m) for m in meta)
        inner = (
            f'<div class="kicker">{escape(kicker.upper())}</div><h1>{escape(title)}</h1>'
            f'<p class="meta">{lines}</p>'
        )
        if self.qt:  # a coloured rule on the left, as a two-cell table
            return (
                '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
                f'<td width="6" bgcolor="{ACCENT}"></td><td width="14"></td>'
                f"<td>{inner}</td></tr></table>"
                '<p style="font-size: 4pt; margin: 0px">&nbsp;</p>'
            )
        return f'<header class="title-block">{inner}</header>'

    def chart(self, name: str, drawing: Drawing) -> str:
        """A chart in the flavour's form."""
        return f'<div class="chart">{self.chart_markup(name, drawing)}</div>'

    def section(self, title: str, *, page_break: bool = False) -> str:
        """A heading (on a new page in print when asked)."""
        if page_break:
            style = ' style="page-break-before: always"' if self.qt else ' class="page-break"'
            return f"<h2{style}>{escape(title)}</h2>"
        return f"<h2>{escape(title)}</h2>"

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[str]],
        *,
        numeric: Iterable[int] = (),
        widths: Sequence[str] = (),
        empty: str = "None.",
    ) -> str:
        """A table with zebra rows; cells are HTML already (use ``text`` for plain text)."""
        right = set(numeric)
        body = []
        for i, row in enumerate(rows):
            zebra = f' class="odd" bgcolor="{ZEBRA}"' if i % 2 else ""
            cells = "".join(
                f'<td class="num" align="right">{c}</td>' if j in right else f"<td>{c}</td>"
                for j, c in enumerate(row)
            )
            body.append(f"<tr{zebra}>{cells}</tr>")
        if not body:
            return f'<p class="empty">{escape(empty)}</p>'
        head = "".join(
            f"<th{_width(widths, j)}"
            + (' class="num" align="right"' if j in right else "")
            + f">{escape(h)}</th>"
            for j, h in enumerate(headers)
        )
        return (
            '<table width="100%" cellspacing="0" cellpadding="5">'
            f'<thead><tr bgcolor="{HEAD}">{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
        )

    def cards(self, figures: Sequence[tuple[str, str, str]], per_row: int = 4) -> str:
        """Key figures as a grid of (figure, label, detail) cells."""
        rows = []
        for start in range(0, len(figures), per_row):
            cells = []
            for figure, label, detail in figures[start : start + per_row]:
                cells.append(
                    '<td width="25%" bgcolor="#f8fafd">'
                    f'<span class="figure">{escape(figure)}</span>'
                    f'<br><span class="label">{escape(label)}</span>'
                    + (f'<br><span class="detail">{detail}</span>' if detail else "")
                    + "</td>"
                )
            cells.extend('<td width="25%"></td>' for _ in range(per_row - len(cells)))
            rows.append(f"<tr>{''.join(cells)}</tr>")
        spacing = ' cellspacing="6" cellpadding="8" border="0"' if self.qt else ""
        return f'<table class="cards" width="100%"{spacing}>{"".join(rows)}</table>'


def _width(widths: Sequence[str], j: int) -> str:
    return f' width="{widths[j]}"' if j < len(widths) and widths[j] else ""


def text(value: object) -> str:
    """Plain text made safe for HTML."""
    return escape(str(value))


def band_badge(band: HealthBand) -> str:
    """A coloured dot and the band's name."""
    return f'<span style="color:{BAND_COLOURS[band]}">●</span> {escape(BAND_LABELS[band])}'


def trend_badge(trend: Trend) -> str:
    """▲ rising / ▼ falling / ▶ steady, coloured."""
    return f'<span style="color:{TREND_COLOUR[trend]}">{TREND_TEXT[trend]}</span>'


def change_text(change: int | None) -> str:
    """``+2`` / ``−1`` / ``±0``, coloured up or down (empty when unknown)."""
    if change is None:
        return ""
    if change > 0:
        return f'<span class="up" style="color:#2f8a57">+{change}</span>'
    if change < 0:
        return f'<span class="down" style="color:#c2353c">−{-change}</span>'
    return '<span class="muted">±0</span>'


def percent(part: float, whole: float) -> str:
    """``50 %`` (``–`` when there is nothing to divide by)."""
    return f"{part * 100 / whole:.0f} %" if whole else "–"


def day_text(day: date | None) -> str:
    """``23 Nov 2026`` (empty for None)."""
    return f"{day:%d %b %Y}" if day else ""

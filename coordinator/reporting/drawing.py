"""A tiny vector drawing (rectangles, lines, text) that charts are laid out into once.

The layout lives in ``coordinator.reporting.charts``; ``to_svg`` writes a drawing as inline
SVG for the HTML report, and the window paints the same drawing with QPainter
(``coordinator_ui.charts``), so the screen, the HTML and the PDF show one chart.
Coordinates are pixels from the top left; a text's ``y`` is its baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any, Literal

FONT_FAMILY = "Segoe UI, Helvetica Neue, Helvetica, Arial, sans-serif"
TEXT = "#374151"
MUTED = "#6b7280"
GRID = "#e5e8ef"

Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str | None = None
    radius: float = 0.0
    key: Any = None  # what the area stands for (hit-testing in the window)
    tip: str = ""  # tooltip in the window, <title> in SVG
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float
    text: str
    size: float = 11.0
    fill: str = TEXT
    anchor: Anchor = "start"
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 2.0


@dataclass(frozen=True, slots=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str
    stroke: str | None = None
    width: float = 1.5


Shape = Rect | Line | Text | Polyline | Circle


@dataclass
class Drawing:
    """Shapes in painting order on a ``width`` × ``height`` canvas."""

    width: float
    height: float
    title: str = ""
    shapes: list[Shape] = field(default_factory=list)

    def add(self, *shapes: Shape) -> None:
        """Append shapes (painted after those already there)."""
        self.shapes.extend(shapes)

    def hits(self, x: float, y: float) -> list[Rect]:
        """Keyed rectangles under the point, topmost first."""
        return [
            s
            for s in reversed(self.shapes)
            if isinstance(s, Rect) and s.key is not None and _inside(s, x, y)
        ]


def _inside(rect: Rect, x: float, y: float) -> bool:
    return rect.x <= x <= rect.x + rect.w and rect.y <= y <= rect.y + rect.h


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A rough width for layout (the renderers measure nothing): average glyph ≈ 0.56 em."""
    return len(text) * size * (0.6 if bold else 0.56)


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Rect):
        stroke = f' stroke="{shape.stroke}"' if shape.stroke else ""
        if shape.dashed:
            stroke += ' stroke-dasharray="3 3"'
        radius = f' rx="{_n(shape.radius)}"' if shape.radius else ""
        body = (
            f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" '
            f'height="{_n(shape.h)}" fill="{shape.fill}"{stroke}{radius}'
        )
        return f"{body}><title>{escape(shape.tip)}</title></rect>" if shape.tip else body + "/>"
    if isinstance(shape, Line):
        dash = ' stroke-dasharray="4 3"' if shape.dashed else ""
        return (
            f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
            f'y2="{_n(shape.y2)}" stroke="{shape.stroke}" stroke-width="{_n(shape.width)}"{dash}/>'
        )
    if isinstance(shape, Text):
        weight = ' font-weight="600"' if shape.bold else ""
        return (
            f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}" '
            f'fill="{shape.fill}" text-anchor="{shape.anchor}"{weight}>{escape(shape.text)}</text>'
        )
    if isinstance(shape, Polyline):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
            f'stroke-width="{_n(shape.width)}" stroke-linejoin="round" stroke-linecap="round"/>'
        )
    stroke = f' stroke="{shape.stroke}" stroke-width="{_n(shape.width)}"' if shape.stroke else ""
    return (
        f'<circle cx="{_n(shape.cx)}" cy="{_n(shape.cy)}" r="{_n(shape.r)}" '
        f'fill="{shape.fill}"{stroke}/>'
    )


def to_svg(drawing: Drawing) -> str:
    """The drawing as a self-contained inline ``<svg>`` element (scales to its container)."""
    title = f"<title>{escape(drawing.title)}</title>" if drawing.title else ""
    body = "".join(_svg_shape(s) for s in drawing.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(drawing.width)} '
        f'{_n(drawing.height)}" width="100%" role="img" aria-label="{escape(drawing.title)}" '
        f'font-family="{FONT_FAMILY}" style="max-width:{_n(drawing.width)}px">{title}{body}</svg>'
    )

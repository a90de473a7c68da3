"""The app's look: the style sheet and the SVG icons from ``resources/``, and the band colours."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from coordinator.paths import resource_path
from coordinator_ui.icon_engine import SvgIconEngine

if TYPE_CHECKING:
    from coordinator.domain import HealthBand

TEXT = "#374151"
MUTED = "#8a94a6"
ACCENT = "#2f5bea"
ON_DARK = "#c3cbdc"

# The sizes dots are drawn at: enough for 16–32 px icons at 100–200 % scaling.
_SIZES = (16, 20, 24, 32, 40, 48, 64, 96)


@cache
def _svg_text(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


@cache
def icon(name: str, color: str = TEXT, checked_color: str | None = None) -> QIcon:
    """An icon drawn from ``resources/icons/<name>.svg`` in ``color`` (sharp at any scale).

    Drawn when first shown, at the size shown (see ``icon_engine``); ``checked_color`` is for
    checked buttons, and disabled ones are grey.
    """
    return QIcon(SvgIconEngine(_svg_text(name), color, "#b0b8c6", checked_color))


@cache
def dot(color: str) -> QIcon:
    """A filled circle, used as a health band's marker in tables and filters."""
    result = QIcon()
    for size in _SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        margin = size * 0.25
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
        painter.end()
        result.addPixmap(pixmap)
    return result


@cache
def band_icon(band: HealthBand) -> QIcon:
    """The coloured dot of a health band (the reports' colour for it)."""
    from coordinator.reporting.charts import BAND_COLOURS  # not needed to draw the frame

    return dot(BAND_COLOURS[band])


def app_icon() -> QIcon:
    """The application's own icon."""
    return QIcon(str(resource_path("icons", "app.svg")))


def apply_style(app: QApplication) -> None:
    """Load the style sheet on the Fusion style (the same look on every platform)."""
    app.setStyle("Fusion")
    sheet = resource_path("style.qss").read_text(encoding="utf-8")
    # Style sheets name images by path; the icons folder moves when the app is frozen.
    sheet = sheet.replace("url(ICONS/", f"url({resource_path('icons').as_posix()}/")
    app.setStyleSheet(sheet)
    app.setWindowIcon(app_icon())

"""An icon engine that draws a recoloured SVG at the size asked for, when it is first asked for.

Drawing every icon at eight sizes and three colours up front cost a tenth of a second before the
main window could appear; most of those pixmaps (menu icons at 96 px…) were never shown. This
engine draws each (size, mode, state) once, on first use, and keeps it.

Which colour a mode and state get follows ``QPixmapIconEngine`` for an icon holding Normal/Off
(``color``), Disabled/Off (``disabled``) and, when given, Normal/On (``checked``) pixmaps:
Active and Selected reuse Normal, restyled by the application's style as Qt does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyleOption

if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer

_Mode = QIcon.Mode
_State = QIcon.State


class SvgIconEngine(QIconEngine):
    """Draws ``svg`` (with ``COLOR`` replaced) on demand and caches each pixmap."""

    def __init__(self, svg: str, color: str, disabled: str, checked: str | None = None) -> None:
        super().__init__()
        self._svg = svg
        self._colors = (color, disabled, checked)
        self._renderers: dict[str, QSvgRenderer] = {}
        self._pixmaps: dict[tuple[int, int, Any, Any, float], QPixmap] = {}

    # -- QIconEngine -------------------------------------------------------------------------
    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._svg, *self._colors)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        side = self.actualSize(size, mode, state)
        key = (side.width(), side.height(), mode, state, scale)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            pixmap = self._pixmaps[key] = self._draw(side, mode, state, scale)
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    # -- drawing -----------------------------------------------------------------------------
    def _draw(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        color, restyle = self._color_for(mode, state)
        pixels = QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))
        pixmap = QPixmap(pixels)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer(color).render(painter, QRectF(0, 0, pixels.width(), pixels.height()))
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        if restyle:
            styled = QApplication.style().generatedIconPixmap(mode, pixmap, QStyleOption())
            if not styled.isNull():
                pixmap = styled
        return pixmap

    def _color_for(self, mode: QIcon.Mode, state: QIcon.State) -> tuple[str, bool]:
        """The colour to draw, and whether the style restyles it (Qt's fallback order)."""
        color, disabled, checked = self._colors
        on = state == _State.On and checked is not None
        if mode == _Mode.Disabled:
            return (checked, True) if on else (disabled, False)  # type: ignore[return-value]
        restyle = mode in (_Mode.Active, _Mode.Selected)
        return (checked if on else color), restyle  # type: ignore[return-value]

    def _renderer(self, color: str) -> QSvgRenderer:
        renderer = self._renderers.get(color)
        if renderer is None:
            from PySide6.QtSvg import QSvgRenderer  # Qt SVG loads with the first icon drawn

            data = QByteArray(self._svg.replace("COLOR", color).encode("utf-8"))
            renderer = self._renderers[color] = QSvgRenderer(data)
        return renderer

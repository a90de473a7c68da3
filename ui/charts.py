"""Charts drawn with QPainter: the core's chart layouts (``Drawing``) on screen and in images.

``paint_drawing`` paints a drawing into any rectangle (widget, QImage for the PDF);
``ChartWidget`` lays its chart out again at the widget's width, shows tooltips and reports
clicks on the keyed areas (a month's bar, a legend entry, a volunteer's bar).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from coordinator.reporting.drawing import Drawing, Line, Polyline, Rect, Shape, Text

Layout = Callable[[float, float], Drawing]  # (width, height) → drawing


def _colour(value: str) -> QColor:
    if len(value) == 9 and value.startswith("#"):  # #rrggbbaa, as in SVG
        colour = QColor(value[:7])
        colour.setAlpha(int(value[7:], 16))
        return colour
    return QColor(value)


def _font(base: QFont, size: float, bold: bool) -> QFont:
    font = QFont(base)
    font.setPixelSize(max(1, round(size)))
    font.setWeight(QFont.Weight.DemiBold if bold else QFont.Weight.Normal)
    return font


def _paint(painter: QPainter, shape: Shape, base: QFont) -> None:
    if isinstance(shape, Rect):
        pen = QPen(Qt.PenStyle.NoPen)
        if shape.stroke:
            pen = QPen(_colour(shape.stroke), 1.0)
            if shape.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(_colour(shape.fill)))
        rect = QRectF(shape.x, shape.y, shape.w, shape.h)
        if shape.radius:
            radius = min(shape.radius, shape.w / 2, shape.h / 2)
            painter.drawRoundedRect(rect, radius, radius)
        else:
            painter.drawRect(rect)
    elif isinstance(shape, Line):
        pen = QPen(_colour(shape.stroke), shape.width)
        if shape.dashed:
            pen.setDashPattern([4, 3])
        painter.setPen(pen)
        painter.drawLine(QPointF(shape.x1, shape.y1), QPointF(shape.x2, shape.y2))
    elif isinstance(shape, Text):
        font = _font(base, shape.size, shape.bold)
        painter.setFont(font)
        painter.setPen(_colour(shape.fill))
        width = QFontMetricsF(font).horizontalAdvance(shape.text)
        x = shape.x - {"start": 0.0, "middle": width / 2, "end": width}[shape.anchor]
        painter.drawText(QPointF(x, shape.y), shape.text)
    elif isinstance(shape, Polyline):
        painter.setPen(
            QPen(
                _colour(shape.stroke),
                shape.width,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in shape.points]))
    else:
        painter.setPen(
            QPen(_colour(shape.stroke), shape.width) if shape.stroke else Qt.PenStyle.NoPen
        )
        painter.setBrush(QBrush(_colour(shape.fill)))
        painter.drawEllipse(QPointF(shape.cx, shape.cy), shape.r, shape.r)


def paint_drawing(
    painter: QPainter, drawing: Drawing, target: QRectF, font: QFont | None = None
) -> None:
    """Paint ``drawing`` scaled into ``target`` (aspect ratio kept, top-left aligned)."""
    scale = min(target.width() / drawing.width, target.height() / drawing.height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.translate(target.topLeft())
    painter.scale(scale, scale)
    base = font or QFont()
    for shape in drawing.shapes:
        _paint(painter, shape, base)
    painter.restore()


def drawing_image(drawing: Drawing, scale: float = 3.0, font: QFont | None = None) -> QImage:
    """The drawing as a white-backed image ``scale`` times its size (sharp in a PDF)."""
    size = QSize(round(drawing.width * scale), round(drawing.height * scale))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    paint_drawing(painter, drawing, QRectF(0, 0, size.width(), size.height()), font)
    painter.end()
    return image


class ChartWidget(QWidget):
    """A chart laid out at the widget's size; clicking a keyed area emits its key.

    ``height`` is the least height; a ``stretch`` chart also takes the height it is given.
    """

    clicked = Signal(object)

    def __init__(
        self, layout: Layout, height: int, parent: QWidget | None = None, *, stretch: bool = False
    ) -> None:
        super().__init__(parent)
        self._layout = layout
        self._height = height
        self._drawing: Drawing | None = None
        self._laid_out = (0.0, 0.0)
        self.setMouseTracking(True)
        self.setMinimumHeight(height)
        vertical = QSizePolicy.Policy.Expanding if stretch else QSizePolicy.Policy.Fixed
        self.setSizePolicy(QSizePolicy.Policy.Expanding, vertical)

    def set_layout(self, layout: Layout, height: int | None = None) -> None:
        """Show another chart (e.g. after new data was read)."""
        self._layout = layout
        if height is not None and height != self._height:
            self._height = height
            self.setMinimumHeight(height)
            self.updateGeometry()
        self._drawing = None
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, self._height)

    def drawing(self) -> Drawing:
        """The chart at the current size (laid out again when the size changed)."""
        width = max(float(self.width()), 200.0)
        height = max(float(self.height()), float(self._height))
        if self._drawing is None or (width, height) != self._laid_out:
            self._drawing = self._layout(width, height)
            self._laid_out = (width, height)
        return self._drawing

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        drawing = self.drawing()
        # Drawn at its own size: a chart shorter than the widget keeps its proportions.
        paint_drawing(painter, drawing, QRectF(0, 0, drawing.width, drawing.height), self.font())
        painter.end()

    def _hit(self, event: QMouseEvent) -> Rect | None:
        point = event.position()
        hits = self.drawing().hits(point.x(), point.y())
        return hits[0] if hits else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event)
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
        if hit and hit.tip:
            QToolTip.showText(event.globalPosition().toPoint(), hit.tip, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event)
        if event.button() == Qt.MouseButton.LeftButton and hit is not None:
            self.clicked.emit(hit.key)
        super().mouseReleaseEvent(event)

    def key_at(self, x: float, y: float) -> Any:
        """The key of the area at (x, y), for tests."""
        hits = self.drawing().hits(x, y)
        return hits[0].key if hits else None

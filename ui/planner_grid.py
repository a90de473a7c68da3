"""A meeting-planner grid: one row per person (or group), 24 hours of half-hour cells.

Working hours are shaded on the real dates of the grid (so DST is right), the proposed slots
are outlined, and a click picks a slot (``slot_clicked``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from coordinator.worktime import WorkWeek
from coordinator_ui.schedule_model import clock_text, day_text

STEP = timedelta(minutes=30)
CELLS = 48
NAME_WIDTH = 210
CELL_WIDTH = 17
ROW_HEIGHT = 32
HEADER_HEIGHT = 38
WORK = QColor("#bfe3c9")
AWAKE = QColor("#f4f6fa")
NIGHT = QColor("#dde2ec")
ACCENT = QColor("#2f5bea")
GRID = QColor("#ffffff")
TEXT = QColor("#374151")
MUTED = QColor("#8a94a6")


@dataclass(frozen=True, slots=True)
class PlannerRow:
    """One row: a person (count 1) or a group of people sharing a working week."""

    label: str
    week: WorkWeek
    count: int = 1


class PlannerGrid(QWidget):
    """Custom-painted 24-hour grid in the viewer's zone."""

    slot_clicked = Signal(object)  # aware UTC datetime of the clicked half-hour

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PlannerRow] = []
        self._working: list[list[bool]] = []
        self._local: list[list[datetime]] = []
        self._start = datetime.now().astimezone(ZoneInfo("UTC"))
        self._zone = "UTC"
        self._slots: list[tuple[datetime, int]] = []  # (start, minutes)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_grid(self, rows: Sequence[PlannerRow], start: datetime, zone: str) -> None:
        """Show ``rows`` for the 24 hours from ``start`` (aware), hours labelled in ``zone``."""
        self._rows, self._start, self._zone = list(rows), start, zone
        self._working, self._local = [], []
        cells = [start + k * STEP for k in range(CELLS)]
        for row in self._rows:
            tz = ZoneInfo(row.week.time_zone)
            first = (start - timedelta(days=1)).astimezone(tz).date()
            last = (start + timedelta(days=2)).astimezone(tz).date()
            spans = list(row.week.intervals(first, last))
            self._working.append([any(a <= c and c + STEP <= b for a, b in spans) for c in cells])
            self._local.append([c.astimezone(tz) for c in cells])
        self.resize(self.sizeHint())  # inside a scroll area: the grid's own size is its content
        self.update()

    def set_slots(self, slots: Sequence[tuple[datetime, int]]) -> None:
        """Outline these (start, minutes) slots."""
        self._slots = list(slots)
        self.update()

    @property
    def start(self) -> datetime:
        """The instant of the first cell."""
        return self._start

    def sizeHint(self) -> QSize:
        return QSize(
            NAME_WIDTH + CELLS * CELL_WIDTH + 2, HEADER_HEIGHT + len(self._rows) * ROW_HEIGHT + 2
        )

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def cell_at(self, x: float) -> int | None:
        """The half-hour cell under an x coordinate (None over the names)."""
        if x < NAME_WIDTH:
            return None
        cell = int((x - NAME_WIDTH) // CELL_WIDTH)
        return cell if 0 <= cell < CELLS else None

    def cell_center(self, cell: int, row: int = 0) -> QPointF:
        """Centre of a cell (for tests that click on the grid)."""
        return QPointF(
            NAME_WIDTH + cell * CELL_WIDTH + CELL_WIDTH / 2,
            HEADER_HEIGHT + row * ROW_HEIGHT + ROW_HEIGHT / 2,
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().x())
        if cell is not None and event.button() == Qt.MouseButton.LeftButton:
            self.slot_clicked.emit(self._start + cell * STEP)
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        self._paint_header(painter)
        visible: QRect = event.rect()
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.72))
        for index, row in enumerate(self._rows):
            top = HEADER_HEIGHT + index * ROW_HEIGHT
            if top > visible.bottom() or top + ROW_HEIGHT < visible.top():
                continue  # only the rows in view are painted (the audience can be large)
            self._paint_row(painter, index, row, top, small)
        self._paint_slots(painter)
        painter.end()

    def _paint_header(self, painter: QPainter) -> None:
        tz = ZoneInfo(self._zone)
        painter.setPen(TEXT)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRect(6, 2, NAME_WIDTH - 8, 18), Qt.AlignmentFlag.AlignVCenter, self._zone)
        painter.setFont(self.font())
        for k in range(CELLS):
            local = (self._start + k * STEP).astimezone(tz)
            x = NAME_WIDTH + k * CELL_WIDTH
            if local.minute == 0 and local.hour % 2 == 0:
                painter.drawText(
                    QRect(x - 2, 20, CELL_WIDTH * 2, 16),
                    Qt.AlignmentFlag.AlignLeft,
                    f"{local.hour:02d}",
                )
            if k == 0 or (local.hour == 0 and local.minute == 0):
                painter.setPen(ACCENT)
                painter.drawText(
                    QRect(x + 2, 2, 120, 18), Qt.AlignmentFlag.AlignVCenter, day_text(local)
                )
                painter.drawLine(x, 2, x, HEADER_HEIGHT + len(self._rows) * ROW_HEIGHT)
                painter.setPen(TEXT)

    def _paint_row(
        self, painter: QPainter, index: int, row: PlannerRow, top: int, small: QFont
    ) -> None:
        local_times = self._local[index]
        painter.setPen(TEXT)
        painter.setFont(self.font())
        label = row.label if row.count == 1 else f"{row.label} ({row.count})"
        metrics = painter.fontMetrics()
        name = metrics.elidedText(label, Qt.TextElideMode.ElideRight, NAME_WIDTH - 12)
        painter.drawText(
            QRect(6, top, NAME_WIDTH - 10, ROW_HEIGHT // 2 + 2), Qt.AlignmentFlag.AlignBottom, name
        )
        painter.setFont(small)
        painter.setPen(MUTED)
        week = row.week
        zone_text = f"{week.time_zone} · {week.start:%H:%M}–{week.end:%H:%M} {week.days}"
        painter.drawText(
            QRect(6, top + ROW_HEIGHT // 2, NAME_WIDTH - 10, ROW_HEIGHT // 2),
            Qt.AlignmentFlag.AlignTop,
            zone_text,
        )
        working = self._working[index]
        for k, local in enumerate(local_times):
            if working[k]:
                color = WORK
            elif 7 <= local.hour < 22:
                color = AWAKE
            else:
                color = NIGHT
            painter.fillRect(
                QRect(NAME_WIDTH + k * CELL_WIDTH, top + 1, CELL_WIDTH - 1, ROW_HEIGHT - 2), color
            )
        # The person's own clock every two hours, drawn over the cells it spans.
        for k in range(0, CELLS, 4):
            local = local_times[k]
            painter.setPen(TEXT if working[k] else MUTED)
            text = f"{local.hour:02d}" if local.minute == 0 else clock_text(local)
            rect = QRect(NAME_WIDTH + k * CELL_WIDTH + 2, top, CELL_WIDTH * 4 - 2, ROW_HEIGHT)
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)

    def _paint_slots(self, painter: QPainter) -> None:
        bottom = HEADER_HEIGHT + len(self._rows) * ROW_HEIGHT
        for start, minutes in self._slots:
            offset = (start - self._start) / STEP
            width = minutes / 30 * CELL_WIDTH
            x = NAME_WIDTH + offset * CELL_WIDTH
            if x + width < NAME_WIDTH or offset >= CELLS:
                continue
            fill = QColor(ACCENT)
            fill.setAlpha(40)
            rect = QRectF(x, HEADER_HEIGHT - 4, width, bottom - HEADER_HEIGHT + 6)
            painter.fillRect(rect, fill)
            painter.setPen(QPen(ACCENT, 2))
            painter.drawRect(rect)

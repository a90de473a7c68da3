"""The Dashboard's tiles: a clickable figure, a titled panel, and a panel listing a few rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

# Local to the Dashboard, so the shared style sheet stays as it is.
DASHBOARD_CSS = """
#DashboardContent { background: #f5f7fb; }
QFrame#Panel { background: #ffffff; border: 1px solid #e2e6ee; border-radius: 12px; }
QLabel#PanelTitle { font-size: 11pt; font-weight: 600; color: #1f2937; }
QLabel#PanelCount { color: #ffffff; background: #8a94a6; border-radius: 9px; padding: 1px 7px;
    font-size: 8.5pt; font-weight: 600; }
QToolButton#ShowAll { border: none; color: #2f5bea; background: transparent; padding: 2px 4px; }
QToolButton#ShowAll:hover { text-decoration: underline; }
QFrame#TileRow { border: none; border-top: 1px solid #eef1f6; background: transparent; }
QFrame#TileRow:hover, QFrame#TileRow:focus { background: #f3f6fe; }
QLabel#RowTitle { color: #111827; }
QLabel#RowValue { color: #374151; font-weight: 600; }
QLabel#Empty { color: #8a94a6; font-style: italic; padding: 10px 0; }
"""


class _Clickable(QFrame):
    """A frame that emits ``clicked`` on a left click, Enter or Space."""

    clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class StatCard(_Clickable):
    """A clickable figure: a big number, a label, a detail line and a coloured accent."""

    def __init__(self, label: str, accent: str) -> None:
        super().__init__()
        self.setObjectName("StatCard")
        self.value = QLabel("–")
        self.value.setObjectName("CardValue")
        self.label = QLabel(label)
        self.label.setObjectName("CardLabel")
        self.detail = QLabel("")
        self.detail.setObjectName("Muted")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        bar = QFrame()
        bar.setFixedHeight(max(3, self.fontMetrics().height() // 5))
        bar.setStyleSheet(f"background: {accent}; border: none; border-radius: 2px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(1)
        layout.addWidget(bar)
        layout.addSpacing(4)
        layout.addWidget(self.value)
        layout.addWidget(self.label)
        layout.addWidget(self.detail)
        self.setAccessibleName(label)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_value(self, value: int | str, detail: str = "") -> None:
        """Show the figure and its detail line (rich text allowed)."""
        self.value.setText(f"{value:,}" if isinstance(value, int) else value)
        self.detail.setText(detail)
        self.setToolTip(f"Show {self.label.text().lower()}")


class Panel(QFrame):
    """A white panel with a title, an optional count and an optional "Show all" link."""

    show_all = Signal()

    def __init__(self, title: str, *, link: str = "", subtitle: str = "") -> None:
        super().__init__()
        self.setObjectName("Panel")
        self.title = QLabel(title)
        self.title.setObjectName("PanelTitle")
        self.count = QLabel("")
        self.count.setObjectName("PanelCount")
        self.count.setVisible(False)
        self.subtitle = QLabel(subtitle)
        self.subtitle.setObjectName("Muted")
        self.subtitle.setVisible(bool(subtitle))
        self.link = QToolButton()
        self.link.setObjectName("ShowAll")
        self.link.setText(f"{link}  ›" if link else "")
        self.link.setCursor(Qt.CursorShape.PointingHandCursor)
        self.link.setVisible(bool(link))
        self.link.clicked.connect(self.show_all)
        header = QHBoxLayout()
        header.setSpacing(8)
        header.addWidget(self.title)
        header.addWidget(self.count)
        header.addStretch(1)
        header.addWidget(self.link)
        self.body = QVBoxLayout()
        self.body.setSpacing(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.subtitle)
        layout.addLayout(self.body, 1)

    def set_count(self, count: int | None) -> None:
        """Show a count badge next to the title (None hides it)."""
        self.count.setVisible(count is not None)
        self.count.setText(f"{count:,}" if count is not None else "")


@dataclass(frozen=True)
class RowData:
    """One row of a list tile: a title, a muted detail, a value on the right, and its key."""

    title: str
    detail: str
    value: str
    key: Any
    tip: str = ""


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" instead of widening the layout.

    Not a word-wrapped label: wrapping gives the page a height-for-width layout, which the
    scroll area then squeezes below the tiles' minimum heights.
    """

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 10, super().minimumSizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()), text)
        painter.end()


class TileRow(_Clickable):
    """A clickable row of a list tile."""

    def __init__(self, row: RowData) -> None:
        super().__init__()
        self.setObjectName("TileRow")
        self.row = row
        title = ElidedLabel(row.title)
        title.setObjectName("RowTitle")
        detail = ElidedLabel(row.detail)
        detail.setObjectName("Muted")
        value = QLabel(row.value)
        value.setObjectName("RowValue")
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addWidget(title)
        texts.addWidget(detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(texts, 1)
        layout.addWidget(value)
        self.setToolTip(row.tip or row.title)


class ListTile(Panel):
    """A panel listing the first rows of a list; a row or "Show all" opens the list behind."""

    row_clicked = Signal(object)

    def __init__(self, title: str, empty: str, *, limit: int = 5, link: str = "Show all") -> None:
        super().__init__(title, link=link)
        self.empty_text = empty
        self.limit = limit
        self.rows: list[TileRow] = []

    def set_rows(self, rows: Sequence[RowData], total: int | None = None) -> None:
        """Show the first ``limit`` rows (``total`` counts them all)."""
        while self.body.count():
            item = self.body.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.rows = []
        count = len(rows) if total is None else total
        self.set_count(count)
        self.link.setEnabled(count > 0)
        if not rows:
            empty = ElidedLabel(self.empty_text)
            empty.setObjectName("Empty")
            empty.setToolTip(self.empty_text)
            self._add(empty)
        for data in rows[: self.limit]:
            row = TileRow(data)
            row.clicked.connect(self._row_opener(data))
            self.rows.append(row)
            self._add(row)
        if count > self.limit:
            more = QLabel(f"and {count - self.limit:,} more")
            more.setObjectName("Muted")
            more.setContentsMargins(6, 6, 0, 0)
            self._add(more)
        self.body.addStretch(1)

    def _add(self, widget: QWidget) -> None:
        self.body.addWidget(widget)
        # Shown now: a widget added to a visible panel is otherwise shown one event later, and
        # the layout would leave it out until then.
        widget.show()

    def _row_opener(self, data: RowData):  # type: ignore[no-untyped-def]
        def open_row() -> None:
            self.row_clicked.emit(data.key)

        return open_row


def grid_row(widgets: Sequence[QWidget], spacing: int = 12) -> QHBoxLayout:
    """Widgets side by side, equally wide."""
    row = QHBoxLayout()
    row.setSpacing(spacing)
    for widget in widgets:
        row.addWidget(widget, 1)
    return row

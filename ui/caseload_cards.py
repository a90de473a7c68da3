"""The cards of the Caseloads page: a volunteer's name, zone and load bar over their communities.

Each card's list is a view on the page's one ``CaseloadsModel``, rooted at that caseload; it is
a drag source and a drop target, and P or its context menu pins (the page does the work).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListView,
    QMenu,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
)

from coordinator.assignment.board import BoardColumn
from coordinator_ui.caseloads_model import PINNED_ROLE

if TYPE_CHECKING:
    from coordinator_ui.caseloads_view import CaseloadsView

CARD_WIDTH = 250
MAX_ROWS = 12  # longer caseloads scroll inside their card


class CaseloadList(QListView):
    """One caseload's communities; drag source and drop target; P or the menu pins."""

    def __init__(self, page: CaseloadsView) -> None:
        super().__init__()
        self.page = page
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_P and not event.modifiers():
            self.page.toggle_pin(self.currentIndex())
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if not index.isValid():
            return
        menu = QMenu(self)
        pinned = bool(index.data(PINNED_ROLE))
        action = menu.addAction("Unpin\tP" if pinned else "Pin (keep through re-runs)\tP")
        action.setEnabled(self.page.can_pin(index))
        if menu.exec(event.globalPos()) is action:
            self.page.toggle_pin(index)


class CaseloadCard(QFrame):
    """Header (name, zone, load bar n/capacity) over the list of communities."""

    def __init__(self, page: CaseloadsView, column: BoardColumn, row: int) -> None:
        super().__init__()
        self.setObjectName("CaseloadCard")
        self.setFixedWidth(CARD_WIDTH)
        self.column = column
        self.name = QLabel(column.name)
        self.name.setObjectName("CardTitle")
        detail = (
            "Drag onto a volunteer to assign"
            if column.facilitator_id is None
            else (column.time_zone + ("" if column.active else " · inactive"))
        )
        self.detail = QLabel(detail)
        self.detail.setObjectName("Muted")
        self.load_bar = QProgressBar()
        self.load_bar.setTextVisible(True)
        self.load_bar.setFixedHeight(16)
        self.list = CaseloadList(page)
        self.list.setModel(page.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.name)
        layout.addWidget(self.detail)
        layout.addWidget(self.load_bar)
        layout.addWidget(self.list)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        self.update_column(column, page.model.index(row, 0))

    def update_column(self, column: BoardColumn, root: QModelIndex) -> None:
        """Show ``column`` (after a model reset the list must be re-rooted)."""
        self.column = column
        self.list.setRootIndex(root)
        if column.facilitator_id is None:
            self.load_bar.setVisible(False)
            self.name.setText(f"Unassigned ({column.load})")
        else:
            self.load_bar.setMaximum(max(column.capacity, column.load, 1))
            self.load_bar.setValue(column.load)
            self.load_bar.setFormat(f"{column.load} / {column.capacity}")
            state = (
                "over"
                if column.load > column.capacity
                else ("full" if column.load == column.capacity else "room")
            )
            chunk = {"over": "#d9363e", "full": "#d99a1e", "room": "#3aa76d"}[state]
            self.load_bar.setProperty("state", state)
            self.load_bar.setStyleSheet(
                "QProgressBar { border: 1px solid #e2e6ee; border-radius: 4px; background: "
                "#f3f5f9; text-align: center; font-size: 8pt; }"
                f"QProgressBar::chunk {{ background: {chunk}; border-radius: 3px; }}"
            )
        rows = max(column.load, 1 if column.facilitator_id is None else column.capacity, 3)
        row_height = max(self.list.fontMetrics().height() + 10, self.list.iconSize().height() + 8)
        # A fixed grid makes every row as wide as the card, so long names end in "…".
        self.list.setGridSize(QSize(CARD_WIDTH - 34, row_height))
        self.list.setFixedHeight(min(rows, MAX_ROWS) * row_height + 6)
        self.adjustSize()

"""A dialog listing plain rows in a sortable table (for Dashboard tiles without a list page)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)


class RowListDialog(QDialog):
    """Rows of text under a title and an explanation; sortable by any column."""

    def __init__(
        self,
        title: str,
        explanation: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        heading = QLabel(title)
        heading.setObjectName("PageTitle")
        note = QLabel(explanation)
        note.setObjectName("Muted")
        note.setWordWrap(True)
        self.model = QStandardItemModel(0, len(headers), self)
        self.model.setHorizontalHeaderLabels(list(headers))
        for row in rows:
            items = []
            for value in row:
                item = QStandardItem(value)
                item.setEditable(False)
                items.append(item)
            self.model.appendRow(items)
        self.table = QTableView()
        self.table.setModel(self.model)
        # Rows keep the order they came in (e.g. by time) until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        empty = QLabel("Nothing to list.")
        empty.setObjectName("Muted")
        empty.setVisible(not rows)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(empty)
        layout.addWidget(buttons)
        char = self.fontMetrics().averageCharWidth()
        wide = header.length() + 4 * char + 40  # every column shown in full
        self.resize(max(char * 100, wide), self.fontMetrics().height() * 22)

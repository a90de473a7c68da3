"""The roster's left rail: every volunteer, to browse their rosters (the person's own in bold)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coordinator.roster_view import VolunteerEntry
from coordinator_ui.theme import ON_DARK, icon

_Index = QModelIndex | QPersistentModelIndex
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2

# The rail is dark like the main window's navigation; these rules only apply inside it.
RAIL_STYLE = """
#RosterRail { background: #1b2232; border: none; }
#RosterRail QLabel#AppTitle { color: #ffffff; font-size: 13pt; font-weight: 600;
    padding: 6px 4px 0 4px; }
#RosterRail QLabel#RailSubtitle { color: #9aa5bb; padding: 0 4px 8px 4px; }
#RosterRail QLabel#RailFooter { color: #7d879c; font-size: 8.5pt; padding: 4px; }
#RosterRail QLabel#RailCaption { color: #7d879c; font-size: 8.5pt; font-weight: 600;
    padding: 10px 4px 2px 4px; }
#RosterRail QLineEdit { background: #273049; color: #ffffff; border: 1px solid #34405e;
    border-radius: 7px; padding: 5px 8px; }
#RosterRail QLineEdit:focus { border-color: #2f5bea; }
#RosterRail QListView { background: transparent; border: none; color: #c3cbdc; outline: none; }
#RosterRail QListView::item { padding: 6px 8px; border-radius: 7px; }
#RosterRail QListView::item:hover { background: #273049; color: #ffffff; }
#RosterRail QListView::item:selected { background: #2f5bea; color: #ffffff; }
#RosterRail QScrollBar::handle:vertical { background: #34405e; }
"""


class VolunteerListModel(QAbstractListModel):
    """The volunteers by name; ``me_id`` is shown in bold with "(you)"."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[VolunteerEntry] = []
        self.me_id: int | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[VolunteerEntry]) -> None:
        """Replace the volunteers (one model reset)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_me(self, me_id: int | None) -> None:
        """Mark who the person using the roster is."""
        self.me_id = me_id
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def rows(self) -> list[VolunteerEntry]:
        return list(self._rows)

    def row_of(self, volunteer_id: int) -> int:
        """The row showing ``volunteer_id`` (-1 when not listed)."""
        return next((i for i, r in enumerate(self._rows) if r.id == volunteer_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        mine = row.id == self.me_id
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.name}  (you)" if mine else row.name
        if role == Qt.ItemDataRole.ToolTipRole:
            count = f"{row.caseload} communit{'y' if row.caseload == 1 else 'ies'}"
            return f"{row.name} <{row.email}>\n{row.time_zone} · {count}"
        if role == Qt.ItemDataRole.FontRole and mine:
            return self._bold
        if role == ENTRY_ROLE:
            return row
        if role == SEARCH_ROLE:
            return row.search_text
        return None


class RosterRail(QFrame):
    """Dark rail with a search box and the volunteers; ``chosen(id)`` when one is clicked."""

    chosen = Signal(int)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RosterRail")
        self.setStyleSheet(RAIL_STYLE)
        # Keeps its width when a dock (Reminders) takes room from the window.
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        heading = QLabel(title)
        heading.setObjectName("AppTitle")
        subtitle = QLabel("Roster · read-only")
        subtitle.setObjectName("RailSubtitle")
        caption = QLabel("VOLUNTEERS")
        caption.setObjectName("RailCaption")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a volunteer…")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search", ON_DARK), QLineEdit.ActionPosition.LeadingPosition)
        self.model = VolunteerListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.clicked.connect(self._on_clicked)
        self.list.activated.connect(self._on_clicked)
        self.footer = QLabel("")
        self.footer.setObjectName("RailFooter")
        self.footer.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 14, 12, 12)
        layout.setSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(subtitle)
        layout.addWidget(caption)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.footer)

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 29, 400)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 24, 200)

    def set_volunteers(self, rows: Sequence[VolunteerEntry]) -> None:
        """Show these volunteers."""
        self.model.set_rows(rows)

    def select(self, volunteer_id: int | None) -> None:
        """Highlight ``volunteer_id`` (without emitting ``chosen``)."""
        row = -1 if volunteer_id is None else self.model.row_of(volunteer_id)
        proxy_index = self.proxy.mapFromSource(self.model.index(row)) if row >= 0 else None
        if proxy_index is not None and proxy_index.isValid():
            self.list.setCurrentIndex(proxy_index)
        else:
            self.list.clearSelection()

    def _on_clicked(self, index: QModelIndex) -> None:
        entry = index.data(ENTRY_ROLE)
        if isinstance(entry, VolunteerEntry):
            self.chosen.emit(entry.id)

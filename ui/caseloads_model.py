"""A two-level item model of the caseload board: volunteers, and the communities they hold.

Top-level rows are caseloads (row 0: the unassigned communities); their children are
communities. Each card of the view is a ``QListView`` rooted at one caseload. Dragging a
community onto another caseload does not change the model: it emits ``move_requested`` and
the page asks the core to move it, then reloads (the model holds no business rules).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from coordinator.assignment.board import BoardColumn, BoardEntry
from coordinator_ui.theme import band_icon

MIME_TYPE = "application/x-coordinator-community"
_Index = QModelIndex | QPersistentModelIndex

COMMUNITY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FACILITATOR_ID_ROLE = Qt.ItemDataRole.UserRole + 2
PINNED_ROLE = Qt.ItemDataRole.UserRole + 3
LOAD_ROLE = Qt.ItemDataRole.UserRole + 4
CAPACITY_ROLE = Qt.ItemDataRole.UserRole + 5
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 6  # the BoardEntry / BoardColumn itself
_TOP = 0  # internal id of top-level rows; children carry their parent's row + 1


class CaseloadsModel(QAbstractItemModel):
    """Caseloads and their communities, with drag and drop of communities between them."""

    move_requested = Signal(int, int)  # community id, target volunteer id
    unassign_requested = Signal(int)  # community id dropped on the Unassigned card

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._columns: list[BoardColumn] = []

    # --- content -------------------------------------------------------------------------
    def set_board(self, columns: list[BoardColumn]) -> None:
        """Replace everything (one reset; views re-root their cards afterwards)."""
        self.beginResetModel()
        self._columns = list(columns)
        self.endResetModel()

    def columns(self) -> list[BoardColumn]:
        """The caseloads shown, in row order."""
        return list(self._columns)

    def caseload_index(self, facilitator_id: int | None) -> QModelIndex:
        """The top-level index of a volunteer's caseload (None: the unassigned communities)."""
        for row, column in enumerate(self._columns):
            if column.facilitator_id == facilitator_id:
                return self.index(row, 0)
        return QModelIndex()

    def community_index(self, community_id: int) -> QModelIndex:
        """Where a community is on the board (invalid if nowhere)."""
        for row, column in enumerate(self._columns):
            for child, entry in enumerate(column.entries):
                if entry.community_id == community_id:
                    return self.index(child, 0, self.index(row, 0))
        return QModelIndex()

    # --- structure -----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _TOP) if row < len(self._columns) else QModelIndex()
        if parent.internalId() != _TOP:
            return QModelIndex()
        entries = self._columns[parent.row()].entries
        return self.createIndex(row, 0, parent.row() + 1) if row < len(entries) else QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, _TOP)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._columns)
        if parent.internalId() == _TOP:
            return len(self._columns[parent.row()].entries)
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def _entry(self, index: _Index) -> BoardEntry | None:
        if not index.isValid() or index.internalId() == _TOP:
            return None
        return self._columns[int(index.internalId()) - 1].entries[index.row()]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entry(index)
        if entry is None:
            return self._caseload_data(self._columns[index.row()], role)
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.name + ("  (pinned)" if entry.pinned else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return band_icon(entry.band)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [entry.name, f"Health: {entry.band}"]
            if entry.help_requested:
                lines.append("Asked for help")
            if entry.reason:
                lines.append(f"Why: {entry.reason}")
            if entry.ends_on:
                lines.append(f"Until {entry.ends_on.isoformat()}")
            if entry.pinned:
                lines.append("Pinned: stays through re-runs and rebalancing (P to unpin)")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.FontRole and entry.pinned:
            font = QFont()
            font.setBold(True)
            return font
        return {
            COMMUNITY_ID_ROLE: entry.community_id,
            PINNED_ROLE: entry.pinned,
            ENTRY_ROLE: entry,
        }.get(role)

    def _caseload_data(self, column: BoardColumn, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return column.name
        return {
            FACILITATOR_ID_ROLE: column.facilitator_id,
            LOAD_ROLE: column.load,
            CAPACITY_ROLE: column.capacity,
            ENTRY_ROLE: column,
        }.get(role)

    # --- drag and drop -------------------------------------------------------------------
    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        if index.internalId() == _TOP:
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        ids = [e.community_id for e in map(self._entry, indexes) if e is not None]
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray(json.dumps(ids).encode()))
        return data

    def _target(self, parent: _Index) -> BoardColumn | None:
        if not parent.isValid():
            return None
        row = parent.row() if parent.internalId() == _TOP else int(parent.internalId()) - 1
        return self._columns[row]

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        return data.hasFormat(MIME_TYPE) and self._target(parent) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """Ask for the move; never moves rows itself (the page reloads after the core acts)."""
        target = self._target(parent)
        if target is None or not data.hasFormat(MIME_TYPE):
            return False
        for community_id in json.loads(bytes(data.data(MIME_TYPE).data()).decode()):
            if target.facilitator_id is None:
                self.unassign_requested.emit(int(community_id))
            else:
                self.move_requested.emit(int(community_id), target.facilitator_id)
        return False

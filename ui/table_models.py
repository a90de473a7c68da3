"""Qt table models over coordinator queries (plain rows, no live sessions)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from sqlalchemy import select

from coordinator.db import Database
from coordinator.models import Community, Facilitator

_Index = QModelIndex | QPersistentModelIndex


class _RowsModel(QAbstractTableModel):
    columns: tuple[str, ...] = ()

    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self._rows: list[tuple[Any, ...]] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return str(self._rows[index.row()][index.column()])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return None

    def set_rows(self, rows: list[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()


class CommunityTableModel(_RowsModel):
    columns = ("Name", "Kind", "Host", "Time zone", "Language", "Members")

    def reload(self) -> None:
        with self.database.reading() as session:
            rows = session.execute(
                select(
                    Community.name,
                    Community.kind,
                    Community.host_name,
                    Community.time_zone,
                    Community.language,
                    Community.members,
                ).order_by(Community.name)
            ).all()
        self.set_rows([tuple(r) for r in rows])


class FacilitatorTableModel(_RowsModel):
    columns = ("Name", "E-mail", "Time zone", "Capacity")

    def reload(self) -> None:
        with self.database.reading() as session:
            rows = session.execute(
                select(
                    Facilitator.name,
                    Facilitator.email,
                    Facilitator.time_zone,
                    Facilitator.capacity,
                ).order_by(Facilitator.name)
            ).all()
        self.set_rows([tuple(r) for r in rows])

"""Qt item models over the plain rows of ``coordinator.queries``: one table model, one proxy.

``RowTableModel`` shows a list of rows through named ``Column``s and exposes two custom roles:
``SORT_ROLE`` (a key that sorts correctly: numbers as numbers, bands by rank) and ``ROW_ROLE``
(the row object itself). Sorting happens in the source model with Python's sort over
precomputed keys; ``RowFilterProxy`` only filters. That keeps a keystroke in the filter box
fast at 5,000 rows: re-sorting inside the proxy would call ``data()`` ~100,000 times.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon

Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
KEY_ROLE = Qt.ItemDataRole.UserRole + 3  # the column's key, on header data

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One named column: what it shows, how it sorts, and optional decoration/tooltip."""

    key: str
    title: str
    text: Callable[[Row, datetime], str]
    sort: Callable[[Row], Any] | None = None
    align: str = "left"
    icon: Callable[[Row], QIcon | None] | None = None
    tooltip: Callable[[Row, datetime], str] | None = None
    clock: bool = False  # shows the current time: refreshed every minute
    width_chars: int = 12  # a first width in average characters (scales with the font)
    hidden: bool = False  # hidden until the person shows it (header's context menu)


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of plain rows; ``set_rows`` swaps them in one model reset."""

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Row] = []
        self._search: list[str] = []
        self._now = datetime.now(UTC)
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._inactive_font = QFont()
        self._inactive_font.setItalic(True)
        self._inactive_brush = QBrush(QColor("#8a94a6"))

    # -- reading -----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row, self._now)
        if role == SORT_ROLE:
            return self._sort_key(column, row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DecorationRole and column.icon is not None:
            return column.icon(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row, self._now)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return {"right": _RIGHT, "center": _CENTER}.get(column.align, _LEFT)
        if not getattr(row, "active", True):
            if role == Qt.ItemDataRole.FontRole:
                return self._inactive_font
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._inactive_brush
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == KEY_ROLE:
            return self.columns[section].key
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.columns[section].align == "right" else _LEFT
        return None

    def row_at(self, source_row: int) -> Row:
        """The row object shown on ``source_row``."""
        return self._rows[source_row]

    def rows(self) -> list[Row]:
        """All rows, in the order shown."""
        return list(self._rows)

    def search_text(self, source_row: int) -> str:
        """The case-folded text the filter box matches for ``source_row`` (computed once)."""
        return self._search[source_row]

    def row_list(self) -> list[Row]:
        """The rows themselves, in source order (not a copy: do not change it)."""
        return self._rows

    def search_texts(self) -> list[str]:
        """Every row's filter text, in source order (not a copy)."""
        return self._search

    def column_index(self, key: str) -> int:
        """Position of the column named ``key``."""
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    # -- changing ----------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace every row (keeping the current sort order)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._now = datetime.now(UTC)
        if self._sort_column >= 0:
            self._rows.sort(key=self._key_of(self._sort_column), reverse=self._descending)
        self._search = [getattr(r, "search_text", "") for r in self._rows]
        self.endResetModel()

    def refresh_clock(self, now: datetime | None = None) -> None:
        """Re-read the time and repaint only the columns that show it (no reset)."""
        self._now = now or datetime.now(UTC)
        if not self._rows:
            return
        for i, column in enumerate(self.columns):
            if column.clock:
                self.dataChanged.emit(
                    self.index(0, i),
                    self.index(len(self._rows) - 1, i),
                    [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
                )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by a column's key, keeping selections (persistent indexes) intact."""
        if not 0 <= column < len(self.columns):
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        tracked = [(idx, self._rows[idx.row()]) for idx in old_persistent]
        keyed = sorted(range(len(self._rows)), key=lambda i: self._key_of(column)(self._rows[i]))
        if self._descending:
            keyed.reverse()
        self._rows = [self._rows[i] for i in keyed]
        self._search = [self._search[i] for i in keyed] if self._search else []
        new_position = {id(r): i for i, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            [idx for idx, _ in tracked],
            [self.index(new_position[id(r)], idx.column()) for idx, r in tracked],
        )
        self.layoutChanged.emit()

    @property
    def _descending(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    def _key_of(self, column: int) -> Callable[[Row], Any]:
        spec = self.columns[column]
        return lambda row: self._sort_key(spec, row)

    def _sort_key(self, column: Column[Row], row: Row) -> Any:
        if column.sort is not None:
            return column.sort(row)
        return column.text(row, self._now).casefold()


class RowFilterProxy(QSortFilterProxyModel):
    """Filters a ``RowTableModel`` with a criteria object (see ``coordinator.queries``).

    The criteria's ``mask(rows, texts)`` is evaluated once per change over all rows (only over
    the rows still shown when a keystroke narrows the filter), so each ``filterAcceptsRow`` call
    is a single lookup. Sorting is delegated to the source model.
    """

    def __init__(self, criteria: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._criteria = criteria
        self._accepted: list[bool] | None = None
        self.setDynamicSortFilter(False)

    @property
    def criteria(self) -> Any:
        return self._criteria

    def setSourceModel(self, model: Any) -> None:
        old = self.sourceModel()
        if old is not None:
            old.modelAboutToBeReset.disconnect(self._mark_stale)
            old.layoutAboutToBeChanged.disconnect(self._mark_stale)
        # Rows are re-evaluated lazily after a reset or a re-sort (their positions change).
        model.modelAboutToBeReset.connect(self._mark_stale)
        model.layoutAboutToBeChanged.connect(self._mark_stale)
        self._accepted = None
        super().setSourceModel(model)

    def set_criteria(self, criteria: Any) -> None:
        """Show only the rows ``criteria`` accepts."""
        if criteria == self._criteria:
            return
        self.beginFilterChange()
        previous, self._criteria = self._criteria, criteria
        if self._accepted is not None and criteria.narrows(previous):
            self._narrow()
        else:
            self._compute()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._accepted is None or source_row >= len(self._accepted):
            self._compute()
        return self._accepted[source_row]  # type: ignore[index]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def rows(self) -> list[Any]:
        """The rows that pass the filter, in the order shown."""
        source = self.sourceModel()
        return [
            source.row_at(self.mapToSource(self.index(r, 0)).row()) for r in range(self.rowCount())
        ]

    def row_at(self, proxy_row: int) -> Any:
        """The row object shown on ``proxy_row``."""
        return self.sourceModel().row_at(self.mapToSource(self.index(proxy_row, 0)).row())

    def _mark_stale(self, *_args: Any) -> None:
        self._accepted = None

    def _compute(self) -> None:
        source = self.sourceModel()
        if source is None:
            self._accepted = []
            return
        self._accepted = self._criteria.mask(source.row_list(), source.search_texts())

    def _narrow(self) -> None:
        # Typing one more letter can only hide rows: test just the ones still shown.
        assert self._accepted is not None
        source = self.sourceModel()
        rows, texts = source.row_list(), source.search_texts()
        shown = [i for i, ok in enumerate(self._accepted) if ok]
        still = self._criteria.mask([rows[i] for i in shown], [texts[i] for i in shown])
        accepted = [False] * len(rows)
        for i, ok in zip(shown, still, strict=True):
            accepted[i] = ok
        self._accepted = accepted

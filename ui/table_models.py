"""The Qt table model over the plain rows of ``coordinator.queries`` (filtered by ``row_filter``).

``RowTableModel`` shows a list of rows through named ``Column``s and exposes two custom roles:
``SORT_ROLE`` (a key that sorts correctly: numbers as numbers, bands by rank) and ``ROW_ROLE``
(the row object itself). Sorting happens here with Python's sort over keys computed once per
column (on the loading thread, when given to ``set_rows``); a sort inside a
``QSortFilterProxyModel`` would call ``data()`` ~100,000 times at 5,000 rows. A painted cell
costs one call into Python (``multiData``), not one per role.
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
_ALIGNMENTS = {"right": _RIGHT, "center": _CENTER}
# Plain ints: comparing with an enum member costs an attribute lookup in Python, per cell and role.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)


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
        self._columns: list[Column[Row]] = []
        self._alignments: list[Any] = []
        self._rows: list[Row] = []  # in the order shown
        self._loaded: list[Row] = []  # in the order given to set_rows
        self._loaded_search: list[str] = []
        self._order: list[int] = []  # _rows[i] is _loaded[_order[i]]
        self._keys: dict[int, list[Any]] = {}  # per column: sort keys in load order
        self._orders: dict[tuple[int, bool], list[int]] = {}  # (column, descending) → order
        self._now = datetime.now(UTC)
        self._keys_slot = _slot(self._now)
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._inactive_font = QFont()
        self._inactive_font.setItalic(True)
        self._inactive_brush = QBrush(QColor("#8a94a6"))
        self.columns = list(columns)

    @property
    def columns(self) -> list[Column[Row]]:
        """The columns shown (set a new list, then ``set_rows``, to change them)."""
        return self._columns

    @columns.setter
    def columns(self, columns: Sequence[Column[Row]]) -> None:
        self._columns = list(columns)
        self._alignments = [_ALIGNMENTS.get(c.align, _LEFT) for c in self._columns]
        self._keys.clear()
        self._orders.clear()

    # -- reading -----------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        # Qt's own would ask rowCount() and columnCount(): two calls into Python per cell.
        if parent.isValid() or not (
            0 <= row < len(self._rows) and 0 <= column < len(self._columns)
        ):
            return QModelIndex()
        return self.createIndex(row, column)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self._value(self._rows[index.row()], index.column(), role)

    def multiData(self, index: _Index, roleDataSpan: Any) -> None:
        """Every role a view asks for at once (one call into Python per painted cell)."""
        if index.isValid():
            self.fill_roles(index.row(), index.column(), roleDataSpan)

    def fill_roles(self, source_row: int, column: int, span: Any) -> None:
        """Fill ``span`` (a ``QModelRoleDataSpan``) with the roles of one cell."""
        items = [span[i] for i in range(len(span))]
        if not (0 <= source_row < len(self._rows) and 0 <= column < len(self._columns)):
            results: list[Any] = [None] * len(items)
        elif type(self).data is RowTableModel.data:
            row, value = self._rows[source_row], self._value
            results = [value(row, column, item.role()) for item in items]
        else:  # a subclass adds roles: ask it
            index, data = self.index(source_row, column), self.data
            results = [data(index, item.role()) for item in items]
        for item, result in zip(items, results, strict=True):
            if result is None:
                item.clearData()
            else:
                item.setData(result)

    def _value(self, row: Row, position: int, role: int) -> Any:
        column = self._columns[position]
        if role == _DISPLAY:
            return column.text(row, self._now)
        if role == _ALIGNMENT:
            return self._alignments[position]
        if role == _DECORATION:
            return column.icon(row) if column.icon is not None else None
        if role == SORT_ROLE:
            return self._sort_key(column, row)
        if role == ROW_ROLE:
            return row
        if role == _TOOLTIP:
            return column.tooltip(row, self._now) if column.tooltip is not None else None
        if role in (_FONT, _FOREGROUND) and not getattr(row, "active", True):
            return self._inactive_font if role == _FONT else self._inactive_brush
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        if role == KEY_ROLE:
            return self._columns[section].key
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._columns[section].align == "right" else _LEFT
        return None

    def row_at(self, source_row: int) -> Row:
        """The row object shown on ``source_row``."""
        return self._rows[source_row]

    def rows(self) -> list[Row]:
        """All rows, in the order shown."""
        return list(self._rows)

    def search_text(self, source_row: int) -> str:
        """The case-folded text the filter box matches for ``source_row`` (computed once)."""
        return self._loaded_search[self._order[source_row]]

    def loaded_rows(self) -> list[Row]:
        """The rows in the order ``set_rows`` got them (not a copy: do not change it)."""
        return self._loaded

    def loaded_search_texts(self) -> list[str]:
        """Every row's filter text, in the order ``set_rows`` got them (not a copy)."""
        return self._loaded_search

    def shown_order(self) -> list[int]:
        """For each row as shown, its position in load order (not a copy)."""
        return self._order

    def column_index(self, key: str) -> int:
        """Position of the column named ``key``."""
        return next(i for i, c in enumerate(self._columns) if c.key == key)

    # -- changing ----------------------------------------------------------------------------
    def sort_keys(self, rows: Sequence[Row]) -> dict[int, list[Any]]:
        """Every column's sort keys for ``rows``, for ``set_rows`` (safe on a worker thread)."""
        now = datetime.now(UTC)
        return {i: [_key(c, r, now) for r in rows] for i, c in enumerate(self._columns)}

    def set_rows(self, rows: Sequence[Row], keys: dict[int, list[Any]] | None = None) -> None:
        """Replace every row (keeping the current sort order); ``keys`` from ``sort_keys``."""
        self.beginResetModel()
        self._loaded = list(rows)
        self._loaded_search = [getattr(r, "search_text", "") for r in self._loaded]
        self._now = datetime.now(UTC)
        self._keys_slot = _slot(self._now)
        self._keys.clear()
        if keys is not None and len(keys) == len(self._columns):
            self._keys.update((i, k) for i, k in keys.items() if len(k) == len(self._loaded))
        self._orders.clear()
        order = list(range(len(self._loaded)))
        if self._sort_column >= 0:
            order = self._sorted_order(self._sort_column, self._descending)
        self._arrange(order)
        self.endResetModel()

    def refresh_clock(self, now: datetime | None = None) -> None:
        """Re-read the time and repaint only the columns that show it (no reset)."""
        self._now = now or datetime.now(UTC)
        if not self._rows:
            return
        slot, self._keys_slot = self._keys_slot, _slot(self._now)
        for i, column in enumerate(self._columns):
            if column.clock:
                # Keys made of the shown text change every minute; UTC offsets change (with
                # DST) on the hour or half hour only.
                if column.sort is None or slot != self._keys_slot:
                    self._keys.pop(i, None)
                    self._orders.pop((i, False), None)
                    self._orders.pop((i, True), None)
                self.dataChanged.emit(
                    self.index(0, i),
                    self.index(len(self._rows) - 1, i),
                    [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
                )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by a column's key, keeping selections (persistent indexes) intact.

        Keys are computed once per column and the resulting order is cached, so clicking a
        header again (or the other direction) costs a list permutation, not 5,000 key calls.
        Ties keep the order the rows were loaded in, as Qt's own proxy does.
        """
        if not 0 <= column < len(self._columns):
            return
        self._sort_column, self._sort_order = column, order
        new_order = self._sorted_order(column, self._descending)
        if new_order is self._order:
            return  # already in this order (QTableView.sortByColumn asks twice)
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_order = self._order
        self._arrange(new_order)
        if old_persistent:
            position = [0] * len(new_order)
            for shown, loaded in enumerate(new_order):
                position[loaded] = shown
            self.changePersistentIndexList(
                old_persistent,
                [self.index(position[old_order[i.row()]], i.column()) for i in old_persistent],
            )
        self.layoutChanged.emit()

    @property
    def _descending(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    def _arrange(self, order: list[int]) -> None:
        self._order = order
        self._rows = [self._loaded[i] for i in order]

    def _sorted_order(self, column: int, descending: bool) -> list[int]:
        """Positions (in load order) of the rows sorted by ``column`` (cached)."""
        cached = self._orders.get((column, descending))
        if cached is None:
            keys = self._keys.get(column)
            if keys is None:
                spec = self._columns[column]
                keys = self._keys[column] = [self._sort_key(spec, r) for r in self._loaded]
            cached = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
            self._orders[(column, descending)] = cached
        return cached

    def _sort_key(self, column: Column[Row], row: Row) -> Any:
        return _key(column, row, self._now)


def _key(column: Column[Any], row: Any, now: datetime) -> Any:
    """The value ``row`` sorts by in ``column``: its sort key, else its case-folded text."""
    if column.sort is not None:
        return column.sort(row)
    return column.text(row, now).casefold()


def _slot(now: datetime) -> tuple[int, int, int]:
    """The quarter of an hour ``now`` is in: clock sort keys are kept within one."""
    return (now.toordinal(), now.hour, now.minute // 15)

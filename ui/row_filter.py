"""``RowFilterProxy``: the rows of a ``RowTableModel`` that a filter accepts, in its order.

One proxy per table page; the criteria object (``coordinator.queries``) says which rows pass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren


class RowFilterProxy(QAbstractProxyModel):
    """Shows the rows of a ``RowTableModel`` that a criteria object accepts, in the source's order.

    The criteria's ``mask(rows, texts)`` is evaluated once per change over all rows (only over
    the rows still shown when a keystroke narrows the filter). The mask is kept in the source's
    load order, so a re-sort in the source only re-reads it. Unlike ``QSortFilterProxyModel``,
    which asks the source for every role of every painted cell through ``index()`` and
    ``data()`` (about twenty Python calls per cell), this proxy answers a cell's roles in one
    ``multiData`` call: painting a screenful of 5,000 rows stays a few milliseconds.

    Filter changes and re-sorts are layout changes: persistent indexes (selection, current
    row) follow their rows, and point nowhere when their row is filtered out.
    """

    def __init__(self, criteria: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._criteria = criteria
        self._source: Any = None
        self._mask: list[bool] | None = None  # per row, in the source's load order
        self._shown: list[int] = []  # source row of each proxy row
        self._shown_loaded: list[int] = []  # load position of each proxy row

    @property
    def criteria(self) -> Any:
        return self._criteria

    # -- the source --------------------------------------------------------------------------
    def setSourceModel(self, model: Any) -> None:
        old = self._source
        if old is not None:
            for signal, slot in self._source_signals(old):
                signal.disconnect(slot)
        self.beginResetModel()
        self._source = model
        super().setSourceModel(model)
        for signal, slot in self._source_signals(model):
            signal.connect(slot)
        self._mask = None
        self._shown, self._shown_loaded = self._arranged()
        self.endResetModel()

    def _source_signals(self, model: Any) -> list[tuple[Any, Callable[..., None]]]:
        return [
            (model.modelAboutToBeReset, self._source_about_to_reset),
            (model.modelReset, self._source_reset),
            (model.layoutAboutToBeChanged, self._source_layout_about_to_change),
            (model.layoutChanged, self._source_layout_changed),
            (model.dataChanged, self._source_data_changed),
            (model.headerDataChanged, self.headerDataChanged),
        ]

    def _source_about_to_reset(self) -> None:
        self.beginResetModel()

    def _source_reset(self) -> None:
        self._mask = None
        self._shown, self._shown_loaded = self._arranged()
        self.endResetModel()

    def _source_layout_about_to_change(self, *_args: Any) -> None:
        self.layoutAboutToBeChanged.emit()

    def _source_layout_changed(self, *_args: Any) -> None:
        self._move_to(*self._arranged())

    def _source_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Any
    ) -> None:
        if not self._shown:
            return
        # The clock columns change on every row: repaint those columns of every shown row.
        self.dataChanged.emit(
            self.index(0, top_left.column()),
            self.index(len(self._shown) - 1, bottom_right.column()),
            list(roles),
        )

    # -- filtering ---------------------------------------------------------------------------
    def set_criteria(self, criteria: Any) -> None:
        """Show only the rows ``criteria`` accepts."""
        if criteria == self._criteria:
            return
        previous, self._criteria = self._criteria, criteria
        if self._mask is not None and criteria.narrows(previous):
            self._narrow()
        else:
            self._mask = None
        shown, shown_loaded = self._arranged()
        if shown == self._shown:
            return  # e.g. one more letter that every shown row still has: nothing to redraw
        self.layoutAboutToBeChanged.emit()
        self._move_to(shown, shown_loaded)

    def _move_to(self, shown: list[int], shown_loaded: list[int]) -> None:
        """Show these rows, moving persistent indexes with them (after layoutAboutTo…)."""
        old_persistent = self.persistentIndexList()
        old_loaded = self._shown_loaded
        self._shown, self._shown_loaded = shown, shown_loaded
        if old_persistent:
            position = [-1] * len(self._source.loaded_rows()) if self._source is not None else []
            for proxy_row, loaded in enumerate(shown_loaded):
                position[loaded] = proxy_row
            moved = []
            for index in old_persistent:
                row = index.row()
                loaded = old_loaded[row] if 0 <= row < len(old_loaded) else -1
                new_row = position[loaded] if 0 <= loaded < len(position) else -1
                moved.append(self.index(new_row, index.column()) if new_row >= 0 else QModelIndex())
            self.changePersistentIndexList(old_persistent, moved)
        self.layoutChanged.emit()

    def _arranged(self) -> tuple[list[int], list[int]]:
        """The source rows the criteria accept, in the source's order, and their load positions."""
        source = self._source
        if source is None:
            return [], []
        if self._mask is None:
            self._mask = self._criteria.mask(source.loaded_rows(), source.loaded_search_texts())
        mask = self._mask
        order = source.shown_order()
        shown = [row for row, loaded in enumerate(order) if mask[loaded]]
        return shown, [order[row] for row in shown]

    def _narrow(self) -> None:
        # Typing one more letter can only hide rows: test just the ones still shown.
        assert self._mask is not None
        source = self._source
        rows, texts = source.loaded_rows(), source.loaded_search_texts()
        shown = [i for i, ok in enumerate(self._mask) if ok]
        still = self._criteria.mask([rows[i] for i in shown], [texts[i] for i in shown])
        mask = [False] * len(rows)
        for i, ok in zip(shown, still, strict=True):
            mask[i] = ok
        self._mask = mask

    # -- the model interface -----------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        if parent.isValid() or not 0 <= row < len(self._shown):
            return QModelIndex()
        if self._source is None or not 0 <= column < len(self._source.columns):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: _Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        return QModelIndex()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() or self._source is None else len(self._source.columns)

    def hasChildren(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and bool(self._shown)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mapToSource(self, proxy_index: _Index) -> QModelIndex:
        if not proxy_index.isValid() or self._source is None:
            return QModelIndex()
        return self._source.index(self._shown[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: _Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        loaded = self._source.shown_order()[source_index.row()]
        try:
            row = self._shown_loaded.index(loaded)
        except ValueError:
            return QModelIndex()
        return self.index(row, source_index.column())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self._source.data(self.mapToSource(index), role)

    def multiData(self, index: _Index, roleDataSpan: Any) -> None:
        if index.isValid():
            self._source.fill_roles(self._shown[index.row()], index.column(), roleDataSpan)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or self._source is None:
            return None
        return self._source.headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)

    # -- rows --------------------------------------------------------------------------------
    def rows(self) -> list[Any]:
        """The rows that pass the filter, in the order shown."""
        loaded = self._source.loaded_rows()
        return [loaded[i] for i in self._shown_loaded]

    def row_at(self, proxy_row: int) -> Any:
        """The row object shown on ``proxy_row``."""
        return self._source.loaded_rows()[self._shown_loaded[proxy_row]]

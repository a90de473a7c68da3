"""The filter proxy and the fast paths of the table model, tested without a window: rows and
persistent indexes through filters and sorts, the roles a delegate reads in one call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from coordinator_ui.row_filter import RowFilterProxy
from coordinator_ui.table_models import Column, RowTableModel
from coordinator_ui.theme import icon


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    size: int | None
    active: bool = True

    @property
    def search_text(self) -> str:
        return self.name.casefold()


@dataclass(frozen=True)
class Criteria:
    text: str = ""

    def mask(self, rows: list[Item], texts: list[str]) -> list[bool]:
        return [self.text in text for text in texts]

    def narrows(self, previous: Criteria) -> bool:
        return self.text.startswith(previous.text)


COLUMNS = [
    Column("name", "Name", lambda r, _: r.name, icon=lambda r: icon("search") if r.id else None),
    Column(
        "size",
        "Size",
        lambda r, _: "" if r.size is None else f"{r.size:,}",
        sort=lambda r: (r.size is None, r.size or 0),
        align="right",
    ),
]
ITEMS = [
    Item(1, "oslo", 1200),
    Item(2, "lima", 9),
    Item(3, "lisbon", None),
    Item(4, "lagos", 300, active=False),
    Item(5, "leeds", 9),
]

_NAME = {"name": 0, "size": 1}


@pytest.fixture
def proxy(qapp) -> RowFilterProxy:  # type: ignore[no-untyped-def]
    model: RowTableModel[Item] = RowTableModel(COLUMNS)
    proxy = RowFilterProxy(Criteria())
    proxy.setSourceModel(model)
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows(ITEMS)
    return proxy


def names(proxy: RowFilterProxy) -> list[str]:
    return [r.name for r in proxy.rows()]


def test_sorting_is_by_key_both_ways_with_blanks_last_then_first(proxy: RowFilterProxy) -> None:
    proxy.sort(_NAME["size"], Qt.SortOrder.AscendingOrder)
    # Ties (two of size 9) keep the order the rows came in; no size sorts last.
    assert names(proxy) == ["lima", "leeds", "lagos", "oslo", "lisbon"]
    assert proxy.index(0, 1).data() == "9" and proxy.index(3, 1).data() == "1,200"
    proxy.sort(_NAME["size"], Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["lisbon", "oslo", "lagos", "lima", "leeds"]


def test_filter_and_sort_compose_and_rows_map_to_their_objects(proxy: RowFilterProxy) -> None:
    proxy.set_criteria(Criteria("l"))
    assert names(proxy) == ["oslo", "lima", "lisbon", "lagos", "leeds"]
    proxy.set_criteria(Criteria("li"))  # narrows: only the shown rows are tested again
    assert names(proxy) == ["lima", "lisbon"]
    proxy.sort(_NAME["name"], Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["lisbon", "lima"]
    assert proxy.row_at(0).id == 3
    source = proxy.mapToSource(proxy.index(1, 0))
    assert proxy.sourceModel().row_at(source.row()).name == "lima"
    assert proxy.mapFromSource(source).row() == 1
    proxy.set_criteria(Criteria(""))  # widens: every row is tested again, order kept
    assert names(proxy) == ["oslo", "lisbon", "lima", "leeds", "lagos"]


def test_persistent_indexes_follow_their_rows_or_lapse_when_hidden(proxy: RowFilterProxy) -> None:
    lima = QPersistentModelIndex(proxy.index(1, 1))
    oslo = QPersistentModelIndex(proxy.index(0, 0))
    proxy.sort(_NAME["name"], Qt.SortOrder.AscendingOrder)
    assert names(proxy)[lima.row()] == "lima" and lima.column() == 1
    assert names(proxy)[oslo.row()] == "oslo"
    proxy.set_criteria(Criteria("li"))
    assert names(proxy)[lima.row()] == "lima"
    assert not oslo.isValid()


def test_a_filter_that_shows_the_same_rows_changes_nothing(proxy: RowFilterProxy) -> None:
    layouts: list[bool] = []
    proxy.layoutChanged.connect(lambda *_: layouts.append(True))
    proxy.set_criteria(Criteria("o"))  # oslo, lisbon, lagos
    assert len(layouts) == 1
    proxy.set_criteria(Criteria("o"))
    proxy.set_criteria(Criteria(""))
    proxy.set_criteria(Criteria("l"))  # every row has an "l"
    assert names(proxy) == ["oslo", "lima", "lisbon", "lagos", "leeds"]
    assert len(layouts) == 2


def test_new_rows_are_filtered_and_sorted_like_the_old(proxy: RowFilterProxy) -> None:
    proxy.sort(_NAME["size"], Qt.SortOrder.DescendingOrder)
    proxy.set_criteria(Criteria("o"))
    model = proxy.sourceModel()
    rows = [*ITEMS, Item(6, "porto", 5000)]
    model.set_rows(rows, model.sort_keys(rows))  # keys made on a worker thread
    assert names(proxy) == ["lisbon", "porto", "oslo", "lagos"]
    model.set_rows(rows[:3])  # no keys given: made when sorting
    assert names(proxy) == ["lisbon", "oslo"]


def test_clock_repaints_reach_the_view_as_data_changes(proxy: RowFilterProxy, qtbot) -> None:  # type: ignore[no-untyped-def]
    proxy.set_criteria(Criteria("li"))
    model = proxy.sourceModel()
    with qtbot.waitSignal(proxy.dataChanged) as blocker:
        model.dataChanged.emit(model.index(0, 1), model.index(4, 1), [])
    top, bottom = blocker.args[0], blocker.args[1]
    assert (top.row(), top.column(), bottom.row(), bottom.column()) == (0, 1, 1, 1)


class _Delegate(QStyledItemDelegate):
    """Reads a cell's roles the way a painted table does (through ``multiData``)."""

    def option(self, index: QModelIndex) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        self.initStyleOption(option, index)
        return option


def test_a_painted_cell_gets_every_role_in_one_call(proxy: RowFilterProxy) -> None:
    delegate = _Delegate()
    proxy.sort(_NAME["name"], Qt.SortOrder.AscendingOrder)  # lagos (inactive) first
    lagos = delegate.option(proxy.index(0, 0))
    assert lagos.text == "lagos" and lagos.font.italic()
    assert not lagos.icon.isNull()
    size = delegate.option(proxy.index(0, 1))
    assert size.text == "300"
    assert size.displayAlignment & Qt.AlignmentFlag.AlignRight
    assert size.icon.isNull()
    lima = delegate.option(proxy.index(2, 1))
    assert lima.text == "9" and not lima.font.italic()


class _Striped(RowTableModel[Item]):
    """A subclass adding a role, as the roster's table does."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            return QBrush(QColor("#ff0000"))
        return super().data(index, role)


def test_a_subclass_that_adds_roles_is_asked_for_them(qapp) -> None:  # type: ignore[no-untyped-def]
    model = _Striped(COLUMNS)
    model.set_rows(ITEMS)
    option = _Delegate().option(model.index(1, 0))
    assert option.text == "lima"
    assert option.backgroundBrush.color() == QColor("#ff0000")


def test_new_columns_forget_the_old_columns_keys(qapp) -> None:  # type: ignore[no-untyped-def]
    model: RowTableModel[Item] = RowTableModel(COLUMNS)
    model.set_rows(ITEMS)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    model.columns = [COLUMNS[1], COLUMNS[0]]
    model.set_rows(ITEMS)
    assert [r.name for r in model.rows()] == ["lagos", "leeds", "lima", "lisbon", "oslo"]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) is not None

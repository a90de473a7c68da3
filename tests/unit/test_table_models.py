"""The table model and filter proxy, tested without a window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from coordinator_ui.row_filter import RowFilterProxy
from coordinator_ui.table_models import ROW_ROLE, SORT_ROLE, Column, RowTableModel


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    size: int
    zone: str = "Asia/Tokyo"
    active: bool = True

    @property
    def search_text(self) -> str:
        return self.name.casefold()


@dataclass(frozen=True)
class Criteria:
    text: str = ""
    small_only: bool = False

    def mask(self, rows: list[Item], texts: list[str]) -> list[bool]:
        return [
            not (self.small_only and row.size >= 10) and self.text.casefold() in text
            for row, text in zip(rows, texts, strict=True)
        ]

    def narrows(self, previous: Criteria) -> bool:
        return previous.small_only == self.small_only and self.text.startswith(previous.text)


COLUMNS = [
    Column("name", "Name", lambda r, _: r.name),
    Column("size", "Size", lambda r, _: f"{r.size:,}", sort=lambda r: r.size, align="right"),
    Column("clock", "Clock", lambda r, now: f"{now:%H:%M}", clock=True),
]
ITEMS = [Item(1, "beta", 100), Item(2, "Alpha", 9), Item(3, "gamma", 20, active=False)]


@pytest.fixture
def model(qapp) -> RowTableModel[Item]:  # type: ignore[no-untyped-def]
    model: RowTableModel[Item] = RowTableModel(COLUMNS)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows(ITEMS)
    return model


def test_named_columns_and_custom_roles(model: RowTableModel[Item]) -> None:
    assert (model.rowCount(), model.columnCount()) == (3, 3)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Size"
    index = model.index(0, 1)
    assert model.data(index) == "100"
    assert model.data(index, SORT_ROLE) == 100
    assert model.data(index, ROW_ROLE) is ITEMS[0]
    assert model.data(model.index(0, 0), SORT_ROLE) == "beta"
    assert model.data(model.index(2, 0), Qt.ItemDataRole.FontRole).italic()  # inactive


def test_sort_by_key_keeps_persistent_indexes(model: RowTableModel[Item]) -> None:
    tracked = QPersistentModelIndex(model.index(0, 0))  # beta
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [r.name for r in model.rows()] == ["Alpha", "gamma", "beta"]
    assert tracked.row() == 2
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [r.name for r in model.rows()] == ["gamma", "beta", "Alpha"]
    model.set_rows(ITEMS)  # new rows keep the chosen order
    assert [r.name for r in model.rows()] == ["gamma", "beta", "Alpha"]


def test_clock_refresh_is_data_changed_not_reset(model: RowTableModel[Item], qtbot) -> None:  # type: ignore[no-untyped-def]
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.refresh_clock(datetime(2026, 3, 1, 12, 34, tzinfo=UTC))
    top, bottom = blocker.args[0], blocker.args[1]
    assert (top.row(), top.column(), bottom.row(), bottom.column()) == (0, 2, 2, 2)
    assert model.data(model.index(0, 2)) == "12:34"
    assert resets == []


def test_proxy_filters_and_delegates_sorting(model: RowTableModel[Item]) -> None:
    proxy = RowFilterProxy(Criteria())
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 3
    proxy.set_criteria(Criteria(text="A"))
    assert [r.name for r in proxy.rows()] == ["beta", "Alpha", "gamma"]
    proxy.set_criteria(Criteria(text="a", small_only=True))
    assert [r.name for r in proxy.rows()] == ["Alpha"]
    proxy.set_criteria(Criteria())
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    assert [r.name for r in proxy.rows()] == ["beta", "gamma", "Alpha"]
    proxy.set_criteria(Criteria(text="m"))  # after a re-sort the filter still sees the right rows
    assert [r.name for r in proxy.rows()] == ["gamma"]
    model.set_rows([*ITEMS, Item(4, "omega", 1)])
    assert [r.name for r in proxy.rows()] == ["gamma", "omega"]  # still by size, descending
    assert proxy.row_at(1).id == 4

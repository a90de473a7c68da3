"""Sorting a record table by clicking its column headers: order, direction, and the rows the
selection and the edit actions then act on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt

from coordinator.db import Database
from coordinator_ui.communities_view import CommunitiesView
from coordinator_ui.community_form import CommunityForm
from tests.ui.programme_data import make_programme
from tests.ui.ui_fixtures import save_shot, show_page, styled, wait_idle

__all__ = ["styled"]

ASCENDING, DESCENDING = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


@pytest.fixture
def view(qtbot, styled, database: Database) -> CommunitiesView:  # type: ignore[no-untyped-def]
    # 40 communities, every other one in a caseload; members 5–600 (numbers whose text order
    # differs from their numeric order).
    make_programme(database, 40, volunteers=4)
    page = show_page(qtbot, CommunitiesView(database), 1500, 800)
    wait_idle(qtbot)
    return page


def click_header(qtbot, page: CommunitiesView, key: str) -> None:  # type: ignore[no-untyped-def]
    header = page.table.horizontalHeader()
    column = page.model.column_index(key)
    page.table.horizontalScrollBar().setValue(header.sectionPosition(column))
    middle = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(middle, 5))


def indicator(page: CommunitiesView) -> tuple[str, Qt.SortOrder]:
    header = page.table.horizontalHeader()
    return page.model.columns[header.sortIndicatorSection()].key, header.sortIndicatorOrder()


def test_header_clicks_sort_numbers_as_numbers_both_ways(qtbot, view: CommunitiesView) -> None:  # type: ignore[no-untyped-def]
    assert indicator(view) == ("name", ASCENDING)
    assert [r.name for r in view.proxy.rows()] == sorted(r.name for r in view.proxy.rows())

    click_header(qtbot, view, "members")
    assert indicator(view) == ("members", ASCENDING)
    members = [r.members for r in view.proxy.rows()]
    assert members == sorted(members) and len(set(members)) > 10
    last = view.proxy.rowCount() - 1
    column = view.model.column_index("members")
    assert [view.proxy.index(r, column).data() for r in (0, last)] == [
        f"{members[0]:,}",
        f"{members[-1]:,}",
    ]
    save_shot(view, "communities_sorted_by_members")

    click_header(qtbot, view, "members")
    assert indicator(view) == ("members", DESCENDING)
    assert [r.members for r in view.proxy.rows()] == sorted(members, reverse=True)

    click_header(qtbot, view, "name")
    assert indicator(view) == ("name", ASCENDING)
    assert [r.name for r in view.proxy.rows()] == sorted(r.name for r in view.proxy.rows())


def test_blanks_sort_last_ascending_and_first_descending(qtbot, view: CommunitiesView) -> None:  # type: ignore[no-untyped-def]
    click_header(qtbot, view, "volunteer")
    volunteers = [r.volunteer for r in view.proxy.rows()]
    assigned = [v for v in volunteers if v is not None]
    blanks = len(volunteers) - len(assigned)
    assert len(assigned) > 10 and blanks > 10
    assert volunteers == [*sorted(assigned, key=str.casefold), *[None] * blanks]
    last = view.proxy.rowCount() - 1
    assert view.proxy.index(last, view.model.column_index("volunteer")).data() == "Unassigned"

    click_header(qtbot, view, "volunteer")
    volunteers = [r.volunteer for r in view.proxy.rows()]
    assert volunteers == [*[None] * blanks, *sorted(assigned, key=str.casefold, reverse=True)]


def test_sorting_and_filtering_keep_the_selection_on_its_rows(qtbot, view: CommunitiesView) -> None:  # type: ignore[no-untyped-def]
    selection = view.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (3, 7, 20):
        selection.select(view.proxy.index(row, 0), flags)
    selection.setCurrentIndex(view.proxy.index(7, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    chosen = {r.id for r in view.selected_rows()}
    current = view.current_row()

    click_header(qtbot, view, "members")
    click_header(qtbot, view, "members")  # descending
    assert {r.id for r in view.selected_rows()} == chosen
    assert view.current_row().id == current.id
    assert view.selection_label.text() == "3 selected"
    shown = [r.id for r in view.proxy.rows()]
    assert sorted(shown.index(i) for i in chosen) == sorted(
        index.row() for index in selection.selectedRows()
    )

    # Rows a filter hides leave the selection (as with Qt's own proxy); the shown one stays.
    qtbot.keyClicks(view.search, current.name.casefold())
    assert [r.id for r in view.proxy.rows()] == [current.id]
    assert {r.id for r in view.selected_rows()} == {current.id}
    view.search.clear()
    assert view.proxy.rowCount() == len(shown)
    assert {r.id for r in view.selected_rows()} == {current.id}

    # Edit acts on the row under the cursor, wherever the sort has put it.
    form = view.edit_selected()
    assert isinstance(form, CommunityForm)
    assert form.name.text() == current.name
    form.reject()


def test_a_remembered_sort_is_applied_to_the_rows(qtbot, view: CommunitiesView, database) -> None:  # type: ignore[no-untyped-def]
    click_header(qtbot, view, "members")
    click_header(qtbot, view, "members")
    state = view.header_state()

    other = CommunitiesView(database)
    qtbot.addWidget(other)
    other.restore_header_state(state)
    other.reload()
    wait_idle(qtbot)
    assert indicator(other) == ("members", DESCENDING)
    members = [r.members for r in other.proxy.rows()]
    assert members == sorted(members, reverse=True)

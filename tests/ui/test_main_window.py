"""The main window: navigation, status bar, shortcuts, undo/redo, dashboard links, first run,
and state remembered between runs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from coordinator import editing
from coordinator.db import Database, open_database
from coordinator.domain import HealthBand
from coordinator.editing import CommunityFields
from coordinator.queries import is_empty
from coordinator_ui.dashboard_view import DashboardView
from coordinator_ui.first_run import offer_sample, should_offer_sample
from coordinator_ui.main_window import PAGES, MainWindow
from tests.ui.ui_fixtures import messages, sample_database, styled, wait_idle

__all__ = ["messages", "sample_database", "styled"]


def make_window(qtbot, database: Database, **kwargs) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(database, **kwargs)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot)
    return window


def add_community(qtbot, window: MainWindow, name: str, zone: str):  # type: ignore[no-untyped-def]
    """Type a new community into the form on the Communities page; return the page."""
    page = window.show_key("communities")
    form = window.new_community()
    qtbot.keyClicks(form.name, name)
    qtbot.keyClicks(form.zone.edit, zone)
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    return page


def test_navigation_and_status_bar(qtbot, styled, sample_database: Database) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, sample_database)
    assert sample_database.display_name in window.database_label.text()
    assert window.current_key() == "dashboard"
    assert set(window.pages) == {"dashboard"}  # the other pages are built when first shown
    for i, spec in enumerate(PAGES):
        qtbot.mouseClick(window.rail.buttons[i], Qt.MouseButton.LeftButton)
        assert window.current_key() == spec.key
        assert window.stack.currentWidget() is window.pages[spec.key]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "communities"
    wait_idle(qtbot)
    assert window.pages["communities"].model.rowCount() == 56


def test_ctrl_f_focuses_the_filter(qtbot, styled, sample_database: Database) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, sample_database)
    page = window.show_key("volunteers")
    wait_idle(qtbot)
    window.activateWindow()
    page.table.setFocus()
    window.actions["find"].trigger()
    assert QApplication.focusWidget() is page.search
    qtbot.keyClicks(page.search, "kolkata")
    assert [r.name for r in page.proxy.rows()] == ["Anjali Rao"]


def test_dashboard_figures_open_filtered_lists(qtbot, styled, sample_database: Database) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, sample_database)
    dashboard = window.pages["dashboard"]
    assert isinstance(dashboard, DashboardView)
    summary = dashboard.summary
    assert summary is not None and summary.communities == 56
    qtbot.mouseClick(dashboard.band_cards[HealthBand.DORMANT], Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    page = window.pages["communities"]
    assert window.current_key() == "communities"
    assert page.proxy.rowCount() == summary.bands[HealthBand.DORMANT]
    assert {r.band for r in page.proxy.rows()} == {HealthBand.DORMANT}
    window.show_key("dashboard")
    qtbot.mouseClick(dashboard.unassigned, Qt.MouseButton.LeftButton)
    assert page.proxy.rowCount() == summary.unassigned
    window.show_key("dashboard")
    qtbot.mouseClick(dashboard.with_room, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert window.current_key() == "volunteers"
    assert window.pages["volunteers"].room_chip.isChecked()


def test_undo_redo_shortcuts_and_menu(qtbot, styled, database: Database) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, database)
    page = add_community(qtbot, window, "Quito Data", "America/Guayaquil")
    assert [r.name for r in page.proxy.rows()] == ["Quito Data"]
    assert window.actions["undo"].text() == "&Undo Add Quito Data"
    window.activateWindow()  # the form was the active window until it closed
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    assert page.proxy.rowCount() == 0 and is_empty(database)
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    wait_idle(qtbot)
    assert [r.name for r in page.proxy.rows()] == ["Quito Data"]


def test_failed_undo_is_explained_and_dropped(qtbot, styled, database: Database, messages) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, database)
    page = add_community(qtbot, window, "Oslo Lean", "Europe/Oslo")
    row = page.proxy.rows()[0]
    # Someone else edits the record in the meantime (another window, the command line).
    _values, version = editing.read(database, "community", row.id)
    editing.update(
        database, "community", row.id, CommunityFields("Oslo Lean 2", "Europe/Oslo"), version
    )
    window.undo_stack.undo()
    wait_idle(qtbot)
    assert messages and "changed elsewhere" in messages[-1]
    assert window.undo_stack.count() == 0
    assert [r.name for r in page.proxy.rows()] == ["Oslo Lean 2"]


def test_state_is_remembered_between_runs(qtbot, styled, sample_database: Database) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, sample_database)
    window.resize(780, 530)  # fits the offscreen screen (restoreGeometry clamps)
    page = window.show_key("volunteers")
    size = window.size()
    wait_idle(qtbot)
    page.table.setColumnWidth(1, 333)
    page.table.sortByColumn(7, Qt.SortOrder.DescendingOrder)
    window.close()
    again = make_window(qtbot, sample_database)
    assert again.current_key() == "volunteers"
    assert again.size() == size
    restored = again.pages["volunteers"]
    wait_idle(qtbot)
    assert restored.table.columnWidth(1) == 333
    header = restored.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        7,
        Qt.SortOrder.DescendingOrder,
    )


def test_first_run_offers_the_sample(qtbot, styled, database: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert should_offer_sample(database, is_default=True)
    assert not should_offer_sample(database, is_default=False)
    offered: list[str] = []

    def choose(label: str):  # type: ignore[no-untyped-def]
        def exec_box(box: QMessageBox) -> int:
            offered.append(box.informativeText())
            next(b for b in box.buttons() if b.text().startswith(label)).click()
            return 0

        return exec_box

    monkeypatch.setattr(QMessageBox, "exec", choose("Start empty"))
    assert not offer_sample(None, database)
    assert is_empty(database) and "sample programme" in offered[0]
    monkeypatch.setattr(QMessageBox, "exec", choose("Open the sample"))
    window = make_window(qtbot, database, offer_first_run=True)
    window.on_started()
    wait_idle(qtbot)
    assert not is_empty(database)
    assert window.pages["dashboard"].summary.communities == 56
    assert not offer_sample(None, database)  # no longer empty: nothing is asked
    assert len(offered) == 2


def test_read_only_database_disables_editing(qtbot, styled, sample_database: Database) -> None:  # type: ignore[no-untyped-def]
    read_only = open_database(sample_database.path, read_only=True)
    try:
        window = make_window(qtbot, read_only)
        assert "(read-only)" in window.database_label.text()
        page = window.show_key("communities")
        wait_idle(qtbot)
        assert page.model.rowCount() == 56
        assert not window.actions["new_community"].isEnabled()
        assert not page.new_button.isEnabled()
        page.table.selectRow(0)
        assert not page.act_edit.isEnabled() and page.edit_selected() is None
        assert not window.actions["import"].isEnabled()
        window.close()
    finally:
        read_only.dispose()

"""Right-click on a volunteer or community: "Export calendar…" opens the export for that row."""

from __future__ import annotations

from coordinator.db import Database
from coordinator_ui.calendar_export import ExportCalendarDialog
from coordinator_ui.main_window import MainWindow
from tests.ui.ui_fixtures import sample_database, styled, wait_idle

__all__ = ["sample_database", "styled"]


def test_row_export_and_file_menu(qtbot, styled, sample_database: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(sample_database, remember=False)
    qtbot.addWidget(window)
    window.show()
    assert {"export_calendar", "publish_calendars"} <= set(window.actions)
    for key, entity in (("volunteers", "facilitator"), ("communities", "community")):
        page = window.show_key(key)
        wait_idle(qtbot)
        page.table.selectRow(0)
        row = page.current_row()
        dialog = page.export_calendar()
        qtbot.addWidget(dialog)
        assert isinstance(dialog, ExportCalendarDialog)
        chosen = dialog.volunteer if entity == "facilitator" else dialog.community
        assert chosen.isEnabled() and chosen.currentData() == row.id
        dialog.reject()

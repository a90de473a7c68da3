"""The Settings dialog: validated as you type, saved as one undoable, audited edit."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt

from coordinator import editing
from coordinator.db import Database
from coordinator.domain import Weekdays
from coordinator_ui.main_window import MainWindow
from tests.ui.ui_fixtures import messages, styled, wait_idle

__all__ = ["messages", "styled"]


def test_settings_saved_validated_and_undone(qtbot, styled, database: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot)
    dialog = window.open_settings()
    assert dialog.ok.isEnabled()
    dialog.capacity.selectAll()
    qtbot.keyClicks(dialog.capacity, "8")
    dialog.reminders.clear()
    qtbot.keyClicks(dialog.reminders, "2 days; soon")
    assert dialog.errors.label("reminders").isVisible()
    assert not dialog.ok.isEnabled()
    dialog.reminders.clear()
    qtbot.keyClicks(dialog.reminders, "2 days; 30 min")
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.work_days.buttons[4], Qt.MouseButton.LeftButton)  # no Friday
    qtbot.mouseClick(dialog.work_days.buttons[6], Qt.MouseButton.LeftButton)  # Sunday
    dialog.work_end.setTime(dialog.work_start.time())
    assert dialog.errors.label("hours").isVisible() and not dialog.ok.isEnabled()
    dialog.work_end.setTime(dialog.work_end.time().addSecs(8 * 3600))
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    saved = editing.read_settings(database)
    assert saved.default_capacity == 8
    assert saved.reminder_lead_minutes == (2880, 30)
    assert saved.host_work_days == Weekdays.parse("Sun-Thu")
    assert saved.host_work_end == time(17, 0)
    assert window.undo_stack.undoText() == "Change settings"
    window.undo_stack.undo()
    assert editing.read_settings(database).default_capacity == 10
    window.undo_stack.redo()
    assert editing.read_settings(database).default_capacity == 8

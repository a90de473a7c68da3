"""Driving the roster window as a volunteer does: open it, click a volunteer, say who I am."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from coordinator.db import Database
from coordinator_ui.roster_window import RosterWindow
from tests.ui.ui_fixtures import wait_idle


def open_roster(qtbot, database: Database, *, remember: bool = True) -> RosterWindow:  # type: ignore[no-untyped-def]
    """A shown roster window on ``database``, its first read done."""
    window = RosterWindow(database, remember=remember)
    qtbot.addWidget(window)
    window.resize(1440, 860)
    window.show()
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=15_000)
    wait_idle(qtbot)
    return window


def click_volunteer(qtbot, window: RosterWindow, name: str, *, shown: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Click ``name`` in the rail; wait until their roster is shown (``shown``) or work is done."""
    rail = window.rail
    row = next(i for i, v in enumerate(rail.model.rows()) if v.name == name)
    index = rail.proxy.mapFromSource(rail.model.index(row))
    rect = rail.list.visualRect(index)
    qtbot.mouseClick(rail.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if shown:
        qtbot.waitUntil(lambda: window.roster is not None and window.roster.volunteer.name == name)
    wait_idle(qtbot)


def choose_me(qtbot, window: RosterWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    """Pick ``name`` in "I am …" as the popup does; wait until their roster is shown."""
    combo = window.page.me_combo
    index = combo.findText(name)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what picking it from the popup does
    qtbot.waitUntil(lambda: window.roster is not None and window.roster.volunteer.name == name)
    wait_idle(qtbot)


def remind_before_next_check_in(qtbot, window: RosterWindow, name: str):  # type: ignore[no-untyped-def]
    """As ``name``, start the reminders on a clock 10 minutes before my next check-in (past its
    15-minute reminder) and wait for one to be active; return (check-in, clock, reminders)."""
    choose_me(qtbot, window, name)
    assert window.roster is not None
    check_in = next(r for r in window.roster.upcoming if r.kind == "check-in")
    at = check_in.start - timedelta(minutes=10)
    window.start_reminders(clock=lambda: at, tray=False)
    reminders = window.reminders
    assert reminders is not None
    qtbot.waitUntil(lambda: reminders.bridge is not None and bool(reminders.bridge.active))
    return check_in, at, reminders

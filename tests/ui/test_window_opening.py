"""The main window's frame is shown before its database is open, then the database is attached."""

from __future__ import annotations

from coordinator.db import Database
from coordinator_ui.main_window import MainWindow
from tests.ui.ui_fixtures import sample_database, save_shot, styled, wait_idle

__all__ = ["sample_database", "styled"]


def test_the_frame_waits_for_the_database_then_shows_the_remembered_page(
    qtbot, styled, sample_database: Database
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(None, remember=False)
    qtbot.addWidget(window)
    window.show()
    assert window.database is None and window.pages == {}
    assert window.database_label.text() == "Opening the database…"
    assert not window.rail.isEnabled()
    enabled = {name for name, action in window.actions.items() if action.isEnabled()}
    assert enabled == {"quit"}  # nothing else can work without a database
    window.update_actions()  # asking before the database is there is harmless
    save_shot(window, "main_window_opening")

    window.attach(sample_database)
    wait_idle(qtbot)
    assert window.rail.isEnabled() and window.current_key() == "dashboard"
    assert "dashboard" in window.pages and window.pages["dashboard"].database is sample_database
    assert window.database_label.text() == sample_database.display_name
    assert window.windowTitle().startswith(sample_database.path.name)
    assert window.actions["new_community"].isEnabled() and window.actions["about"].isEnabled()
    assert not window.actions["undo"].isEnabled()  # nothing to undo yet: still Qt's to decide
    save_shot(window, "main_window_attached")

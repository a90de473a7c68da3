"""The main window's frame is shown before its database is open, then the database is attached."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar
from sqlalchemy import text

import coordinator.db as db_module
from coordinator.db import Database
from coordinator_ui.app import run_app
from coordinator_ui.main_window import PAGES, MainWindow
from coordinator_ui.window_state import ui_settings
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
    # The remembered page's place says what is happening, with a busy bar.
    assert window.current_key() == "dashboard" and window.rail.buttons[0].isChecked()
    busy = window.findChild(QProgressBar, "opening_progress")
    assert busy is not None and busy.isVisible() and busy.maximum() == 0
    save_shot(window, "main_window_opening")

    window.attach(sample_database)
    wait_idle(qtbot)
    assert window.rail.isEnabled() and window.current_key() == "dashboard"
    assert window.findChild(QProgressBar, "opening_progress") is None  # gone with its page
    assert "dashboard" in window.pages and window.pages["dashboard"].database is sample_database
    assert window.database_label.text() == sample_database.display_name
    assert window.windowTitle().startswith(sample_database.path.name)
    assert window.actions["new_community"].isEnabled() and window.actions["about"].isEnabled()
    assert not window.actions["undo"].isEnabled()  # nothing to undo yet: still Qt's to decide
    save_shot(window, "main_window_attached")


def test_the_opening_is_shown_where_the_remembered_page_will_be(
    qtbot, styled, sample_database: Database
) -> None:  # type: ignore[no-untyped-def]
    settings = ui_settings()
    settings.setValue("window/page", "volunteers")
    settings.sync()
    window = MainWindow(None, remember=False)
    qtbot.addWidget(window)
    window.show()
    volunteers = [spec.key for spec in PAGES].index("volunteers")
    assert window.current_key() == "volunteers" and window.rail.buttons[volunteers].isChecked()
    busy = window.findChild(QProgressBar, "opening_progress")
    assert busy is not None and busy.isVisible()
    assert window.findChild(QLabel, "Muted").text() == "Opening the database for Volunteers…"

    window.attach(sample_database)
    wait_idle(qtbot)
    assert window.current_key() == "volunteers" and "volunteers" in window.pages
    assert window.findChild(QProgressBar, "opening_progress") is None


def _waiting_windows() -> list[MainWindow]:
    """Main windows on screen that are still waiting for their database."""
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MainWindow) and w.isVisible() and w.database is None
    ]


def _slow_open(monkeypatch: pytest.MonkeyPatch, seconds: float) -> list[Database]:
    """Make opening a database take ``seconds`` longer; the databases opened are listed."""
    opened: list[Database] = []

    def slow(db: str | None, **options: bool) -> Database:
        time.sleep(seconds)
        opened.append(real(db, **options))
        return opened[-1]

    real = db_module.open_database
    monkeypatch.setattr(db_module, "open_database", slow)
    return opened


def test_the_window_answers_while_its_database_opens(
    qtbot, styled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    _slow_open(monkeypatch, 0.8)
    seen: list[int] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: seen.append(len(_waiting_windows())))
    ticker.start(50)
    try:
        assert run_app(str(tmp_path / "programme.sqlite3"), smoke_test=True) == 0
    finally:
        ticker.stop()
    # The event loop turned all along: timers fired while the frame waited, on screen.
    assert seen.count(1) >= 5
    out = capsys.readouterr().out
    assert "ready in" in out and "database open in" in out
    assert (tmp_path / "programme.sqlite3").exists()


def test_closing_the_window_while_the_database_opens_ends_cleanly(
    qtbot, styled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    opened = _slow_open(monkeypatch, 0.6)
    closed: list[MainWindow] = []

    def close_it() -> None:
        for window in _waiting_windows():
            window.actions["quit"].trigger()  # File ▸ Quit, the one action enabled yet
            closed.append(window)

    QTimer.singleShot(200, close_it)
    assert run_app(str(tmp_path / "programme.sqlite3"), smoke_test=True) == 0
    assert len(closed) == 1 and not closed[0].isVisible()
    assert closed[0].pages == {}  # never attached: nothing was built on a closed window
    assert "database open in" not in capsys.readouterr().out
    assert len(opened) == 1  # the opening was waited for (never cut off), then let go
    with opened[0].reading() as session:  # the migration it ran is whole
        assert session.execute(text("select count(*) from alembic_version")).scalar() == 1

"""Backups in the window: the daily backup (with a fake clock), Back Up Now, Restore Backup…."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox

from coordinator import editing
from coordinator.backup import backup_database, list_backups
from coordinator.db import Database
from coordinator.editing import CommunityFields
from coordinator_ui import backup_ui
from coordinator_ui.backup_restore import RestoreDialog
from coordinator_ui.backup_ui import BackupController, install_backups
from coordinator_ui.main_window import MainWindow
from tests.ui.ui_fixtures import messages, sample_database, save_shot, styled, wait_idle

__all__ = ["messages", "sample_database", "styled"]


class FakeClock:
    """A clock the test moves forward."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where this test's backups go."""
    path = tmp_path / "backups"
    path.mkdir()
    return path


def make_window(qtbot, database: Database, folder: Path, clock=None, start=False):  # type: ignore[no-untyped-def]
    window = MainWindow(database)
    qtbot.addWidget(window)
    controller = install_backups(window, start=start, clock=clock or FakeClock(), folder=folder)
    window.show()
    wait_idle(qtbot)
    return window, controller


def wait_backup(qtbot, controller: BackupController) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not controller.busy, timeout=15_000)
    wait_idle(qtbot)


def restore_with_yes(
    qtbot, dialog: RestoreDialog, controller: BackupController, monkeypatch: pytest.MonkeyPatch
) -> list[str]:  # type: ignore[no-untyped-def]
    """Click Restore…, answer Yes, wait for the restore; returns the question asked."""
    questions: list[str] = []

    def answer(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    restored: list[object] = []
    controller.restored.connect(restored.append)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(restored), timeout=15_000)
    wait_idle(qtbot)
    return questions


def test_a_daily_backup_is_taken_when_the_newest_is_a_day_old(
    qtbot, styled, sample_database: Database, folder: Path
) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    window, controller = make_window(qtbot, sample_database, folder, clock)
    assert sample_database.path is not None
    assert controller.is_due()  # no backup yet
    assert controller.check_due()
    wait_backup(qtbot, controller)
    first = list_backups(sample_database.path, folder=folder)
    assert [b.reason for b in first] == ["daily"]

    clock.now += timedelta(hours=23, minutes=59)
    assert not controller.check_due()
    clock.now += timedelta(minutes=2)
    assert controller.check_due()
    wait_backup(qtbot, controller)
    assert [b.reason for b in list_backups(sample_database.path, folder=folder)] == [
        "daily",
        "daily",
    ]
    assert "Backed up to" in window.statusBar().currentMessage()


def test_only_the_newest_backups_kept_by_the_setting_survive(
    qtbot, styled, sample_database: Database, folder: Path
) -> None:  # type: ignore[no-untyped-def]
    settings = editing.read_settings(sample_database)
    editing.update_settings(sample_database, replace(settings, backups_kept=2))
    window, controller = make_window(qtbot, sample_database, folder)
    assert sample_database.path is not None
    for _ in range(4):
        window.actions["back_up"].trigger()
        wait_backup(qtbot, controller)
    kept = list_backups(sample_database.path, folder=folder)
    assert [b.reason for b in kept] == ["manual", "manual"]


def test_the_timer_checks_on_start_and_every_half_hour(
    qtbot, styled, sample_database: Database, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(backup_ui, "FIRST_CHECK_MS", 0)
    _window, controller = make_window(qtbot, sample_database, folder, start=True)
    assert controller.timer.isActive()
    assert controller.timer.interval() == 30 * 60 * 1000
    assert sample_database.path is not None
    qtbot.waitUntil(lambda: bool(list_backups(sample_database.path, folder=folder)))
    wait_backup(qtbot, controller)


def test_back_up_now_is_in_the_file_menu_above_settings(
    qtbot, styled, sample_database: Database, folder: Path
) -> None:  # type: ignore[no-untyped-def]
    window, _controller = make_window(qtbot, sample_database, folder)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    settings_at = texts.index(window.actions["settings"].text())
    assert texts[settings_at - 3 : settings_at] == ["&Back Up Now", "&Restore Backup…", ""]


def _add_community(database: Database, name: str) -> None:
    editing.create(database, CommunityFields(name=name, time_zone="Asia/Kathmandu"))


def test_restore_previews_the_backup_asks_and_reloads_the_window(
    qtbot,
    messages: list[str],
    sample_database: Database,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    assert sample_database.path is not None
    taken = backup_database(sample_database.path, reason="daily", folder=folder)
    _add_community(sample_database, "Added after the backup")
    window, controller = make_window(qtbot, sample_database, folder)
    window.show_key("communities")
    wait_idle(qtbot)
    assert window.pages["communities"].model.rowCount() == 57
    window.undo_stack.push(QUndoCommand("an edit made before the restore"))

    dialog = controller.open_restore()
    assert isinstance(dialog, RestoreDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=15_000)
    text = dialog.details.text()
    assert f"{taken.taken_at.astimezone():%Y-%m-%d %H:%M}" in text and "daily" in text
    assert "56 communities" in text and "now holds 57 communities" in text
    save_shot(dialog, "restore_backup")

    questions = restore_with_yes(qtbot, dialog, controller, monkeypatch)
    assert "56 communities" in questions[0]
    assert window.pages["communities"].model.rowCount() == 56
    assert window.undo_stack.count() == 0
    reasons = [b.reason for b in list_backups(sample_database.path, folder=folder)]
    assert sorted(reasons) == ["before-restore", "daily"]
    assert "The backup was restored" in messages[-1]


def test_a_damaged_file_cannot_be_restored(
    qtbot,
    styled,
    sample_database: Database,
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    damaged = tmp_path / "copy-on-a-stick.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    monkeypatch.setattr(
        "coordinator_ui.backup_restore.QFileDialog.getOpenFileName",
        lambda *_args, **_kw: (str(damaged), ""),
    )
    _window, controller = make_window(qtbot, sample_database, folder)
    dialog = controller.open_restore()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert "no backup of this database yet" in dialog.details.text()
    dialog.choose_file()
    qtbot.waitUntil(lambda: "cannot be restored" in dialog.details.text(), timeout=15_000)
    assert not dialog.restore_button.isEnabled()
    assert not dialog.confirm_restore()


def test_how_many_backups_to_keep_is_a_setting(
    qtbot, styled, sample_database: Database, folder: Path
) -> None:  # type: ignore[no-untyped-def]
    window, controller = make_window(qtbot, sample_database, folder)
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    dialog.backups_kept.setValue(3)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert editing.read_settings(sample_database).backups_kept == 3
    assert controller.keep() == 3
    with pytest.raises(ValueError, match="backups kept"):
        replace(editing.read_settings(sample_database), backups_kept=0).validate()

"""Backups in the window: a daily backup while it is open, File → Back Up Now and Restore Backup….

``install_backups(window)`` adds the two actions to the File menu and, unless told not to,
starts a timer that checks the age of the newest backup (on start and every half hour) and
takes one on a worker thread when it is a day old; the newest ``Settings.backups_kept`` are
kept. Restoring shows the chosen backup's date, reason and counts next to today's, asks for
confirmation, saves the current state as a backup first, then reloads every page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from coordinator.backup import Backup, backup_database, latest_backup
from coordinator.db import Database
from coordinator.settings import load_settings
from coordinator_ui.workers import run_task

if TYPE_CHECKING:
    from coordinator_ui.backup_restore import RestoreDialog
    from coordinator_ui.main_window import MainWindow

log = logging.getLogger(__name__)

DAILY = timedelta(hours=24)
CHECK_EVERY_MS = 30 * 60 * 1000
FIRST_CHECK_MS = 15 * 1000  # after start-up, which has better things to do first
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class BackupOutcome:
    """A finished backup and what it was for."""

    backup: Backup
    automatic: bool


class BackupController(QObject):
    """Daily automatic backups of the window's database, and the File menu's backup actions."""

    backed_up = Signal(object)  # BackupOutcome
    failed = Signal(str)
    restored = Signal(object)  # the safety Backup taken before restoring (or None)

    def __init__(
        self,
        window: MainWindow,
        *,
        clock: Clock = utc_now,
        folder: Path | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.database: Database = window.database
        self.clock = clock
        self.folder = folder  # None: the data folder's backups/ (tests pass their own)
        self.busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check_due)
        self.back_up_action = QAction("&Back Up Now", window)
        self.back_up_action.triggered.connect(self.back_up_now)
        self.restore_action = QAction("&Restore Backup…", window)
        self.restore_action.triggered.connect(self.open_restore)
        if self.database.read_only:
            self.restore_action.setEnabled(False)

    def start(self) -> None:
        """Check now-ish and then every half hour while the window is open."""
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check_due)
        self.timer.start()

    def keep(self) -> int:
        """How many backups to keep (the setting)."""
        with self.database.reading() as session:
            return load_settings(session).backups_kept

    def is_due(self) -> bool:
        """True when the newest backup is a day old or there is none."""
        newest = latest_backup(self.database, folder=self.folder)
        return newest is None or self.clock() - newest.taken_at >= DAILY

    def check_due(self) -> bool:
        """The timer's slot: start the daily backup if it is due; True when started."""
        if self.busy or not self.is_due():
            return False
        return self.back_up(automatic=True)

    def back_up_now(self) -> bool:
        """File → Back Up Now."""
        return self.back_up(automatic=False)

    def back_up(self, *, automatic: bool) -> bool:
        """Take a backup on a worker thread (rotating to the setting); False if one is running."""
        if self.busy:
            return False
        self.busy = True
        self._status("Backing up the database…")
        run_task(
            _take_backup,
            self.database,
            "daily" if automatic else "manual",
            self.keep(),
            self.folder,
            automatic,
            on_done=self._on_backed_up,
            on_error=self._on_backup_failed if automatic else self._on_manual_backup_failed,
        )
        return True

    def _on_backed_up(self, outcome: BackupOutcome) -> None:
        self.busy = False
        self._status(f"Backed up to {outcome.backup.path.name}")
        self.backed_up.emit(outcome)

    def _on_backup_failed(self, error: BaseException) -> None:
        # A missed daily backup is retried at the next check; it must not interrupt the lead.
        self.busy = False
        log.warning("Backup of %s failed: %s", self.database.display_name, error, exc_info=error)
        self._status(f"The backup failed: {error}")
        self.failed.emit(str(error))

    def _on_manual_backup_failed(self, error: BaseException) -> None:
        self._on_backup_failed(error)
        QMessageBox.warning(self.window, "Backup failed", f"The backup failed: {error}")

    def open_restore(self) -> RestoreDialog | None:
        """File → Restore Backup…: pick a backup, see what it holds, confirm, restore."""
        from coordinator_ui.backup_restore import RestoreDialog

        if self.database.read_only:
            return None
        dialog = RestoreDialog(self.database, self.folder, self.window)
        dialog.restored.connect(self._on_restored)
        dialog.open()
        return dialog

    def _on_restored(self, safety: Backup | None) -> None:
        # Undo steps refer to rows of the replaced database: they cannot apply any more.
        self.window.undo_stack.clear()
        self.window.on_data_changed("restore")
        saved = (
            f" The database as it was before is kept as the backup {safety.path.name}; "
            "Restore Backup… brings it back."
            if safety
            else ""
        )
        QMessageBox.information(self.window, "Backup restored", f"The backup was restored.{saved}")
        self.restored.emit(safety)

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)


def _take_backup(
    database: Database, reason: str, keep: int, folder: Path | None, automatic: bool
) -> BackupOutcome:
    """Worker body: the backup itself."""
    backup = backup_database(database, reason=reason, keep=keep, folder=folder)
    return BackupOutcome(backup, automatic)


def install_backups(
    window: MainWindow, *, start: bool = True, clock: Clock = utc_now, folder: Path | None = None
) -> BackupController:
    """Add the backup actions to the File menu (above Settings) and start the daily check."""
    controller = BackupController(window, clock=clock, folder=folder)
    window.actions["back_up"] = controller.back_up_action
    window.actions["restore_backup"] = controller.restore_action
    settings = window.actions["settings"]
    menu = next(m for m in settings.associatedObjects() if isinstance(m, QMenu))
    menu.insertAction(settings, controller.back_up_action)
    menu.insertAction(settings, controller.restore_action)
    menu.insertSeparator(settings)
    if start:
        controller.start()
    return controller

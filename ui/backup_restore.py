"""File → Restore Backup…: choose a backup, see what it holds, confirm, and restore it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from coordinator.backup import Backup, check_backup, list_backups, restore_backup
from coordinator.db import Database
from coordinator.models import Assignment, CheckInSeries, Community, Facilitator
from coordinator_ui.workers import run_task

log = logging.getLogger(__name__)

LABELS = {
    "community": "communities",
    "facilitator": "volunteers",
    "assignment": "assignments",
    "check_in_series": "check-in series",
}
_MODELS = {
    "community": Community,
    "facilitator": Facilitator,
    "assignment": Assignment,
    "check_in_series": CheckInSeries,
}
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Preview:
    """What a backup holds next to what the database holds now (or why it cannot be used)."""

    path: Path
    counts: dict[str, int]
    current: dict[str, int]
    error: str = ""


def counts_text(counts: dict[str, int]) -> str:
    """``56 communities, 6 volunteers, …``"""
    return ", ".join(f"{counts.get(table, 0):,} {label}" for table, label in LABELS.items())


def _preview(database: Database, path: Path) -> Preview:
    """Worker body: check the backup (integrity, schema) and count today's rows."""
    with database.reading() as session:
        current = {
            table: session.scalar(select(func.count()).select_from(model)) or 0
            for table, model in _MODELS.items()
        }
    try:
        counts = check_backup(path)
    except Exception as exc:  # any unreadable file is reported in the dialog, not raised
        return Preview(path, {}, current, error=str(exc))
    return Preview(path, counts, current)


def _restore(backup: Path, database: Database, folder: Path | None) -> Backup | None:
    """Worker body: restore (after a safety backup), at the newest schema."""
    return restore_backup(backup, database, folder=folder)


class RestoreDialog(QDialog):
    """The backups of this database, newest first, with a preview of the selected one."""

    restored = Signal(object)  # the safety Backup taken before restoring (or None)

    def __init__(
        self, database: Database, folder: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("RestoreDialog")
        self.setWindowTitle("Restore Backup")
        self.database, self.folder = database, folder
        self.preview: Preview | None = None
        self.busy = False

        intro = QLabel(
            "Choose the backup to go back to. The database as it is now is saved as a backup "
            "first, so you can return to it the same way."
        )
        intro.setWordWrap(True)
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Taken", "Why", "Size"])
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.details = QLabel()
        self.details.setObjectName("BackupPreview")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.other = QPushButton("Other File…")
        self.other.clicked.connect(self.choose_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.confirm_restore)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.other)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)
        layout.addLayout(row)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 90, self.fontMetrics().height() * 24)

        for backup in list_backups(database, folder=folder):
            self._add_row(backup.path, backup.taken_at, backup.reason)
        for column in range(self.model.columnCount()):
            self.view.resizeColumnToContents(column)
        if self.model.rowCount():
            self.select_row(0)
        else:
            self.details.setText("There is no backup of this database yet (File → Back Up Now).")

    def _add_row(self, path: Path, taken_at: datetime, reason: str) -> int:
        size = path.stat().st_size if path.exists() else 0
        cells = [
            QStandardItem(f"{taken_at.astimezone():%Y-%m-%d %H:%M}"),
            QStandardItem(reason.replace("-", " ")),
            QStandardItem(f"{size / 1024:,.0f} KiB"),
        ]
        cells[0].setData(str(path), PATH_ROLE)
        cells[0].setToolTip(str(path))
        self.model.appendRow(cells)
        return self.model.rowCount() - 1

    def select_row(self, row: int) -> None:
        """Make ``row`` current (which loads its preview)."""
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        flags |= QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().setCurrentIndex(index, flags)

    def choose_file(self) -> None:
        """Restore from a file kept elsewhere (a copy on a USB stick, say)."""
        name, _ = QFileDialog.getOpenFileName(
            self, "Restore from file", "", "SQLite databases (*.sqlite3 *.sqlite *.db);;All (*)"
        )
        if name:
            path = Path(name)
            taken = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            self.select_row(self._add_row(path, taken, "other file"))

    def selected_path(self) -> Path | None:
        """The backup file of the current row."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return Path(self.model.index(index.row(), 0).data(PATH_ROLE))

    def _on_current(self, *_args: object) -> None:
        path = self.selected_path()
        self.preview = None
        self.restore_button.setEnabled(False)
        if path is None:
            return
        self.details.setText(f"Checking {path.name}…")
        run_task(_preview, self.database, path, on_done=self._show_preview)

    def _show_preview(self, preview: Preview) -> None:
        if preview.path != self.selected_path():
            return  # the selection moved on while this one was checked
        row = self.view.currentIndex().row()
        taken = self.model.index(row, 0).data()
        reason = self.model.index(row, 1).data()
        if preview.error:
            self.details.setText(f"<b>This file cannot be restored.</b> {preview.error}")
            return
        self.preview = preview
        self.details.setText(
            f"<b>Backup taken {taken} ({reason}).</b> It is intact and holds "
            f"{counts_text(preview.counts)}.<br>The database now holds "
            f"{counts_text(preview.current)}."
        )
        self.restore_button.setEnabled(not self.busy)

    def confirm_restore(self) -> bool:
        """Ask, then restore on a worker thread; True when the restore was started."""
        if self.preview is None or self.busy:
            return False
        row = self.view.currentIndex().row()
        answer = QMessageBox.question(
            self,
            "Restore Backup",
            f"Replace the database with the backup taken {self.model.index(row, 0).data()}?\n\n"
            f"It holds {counts_text(self.preview.counts)}; everything changed since then is "
            "replaced. The database as it is now is saved as a backup first."
            + (
                ""
                if self.database.path is not None
                else "\n\nThis is the team's server: the restore replaces the programme for "
                "every coordinator and volunteer who uses it."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.busy = True
        self.restore_button.setEnabled(False)
        self.details.setText("Restoring…")
        run_task(
            _restore,
            self.preview.path,
            self.database,
            self.folder,
            on_done=self._on_restored,
            on_error=self._on_failed,
        )
        return True

    def _on_restored(self, safety: Backup | None) -> None:
        self.busy = False
        self.restored.emit(safety)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self.busy = False
        log.error("Restore failed", exc_info=error)
        self.details.setText(f"<b>The restore failed.</b> {error}")
        self.restore_button.setEnabled(self.preview is not None)

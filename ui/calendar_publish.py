"""File → Publish calendars…, and publishing again after every schedule change.

Where to publish, and whether to publish after changes, are stored in the database
(``coordinator.ics.publish``), so the lead's choice follows the database. Publishing runs on
the thread pool; after changes it waits a few seconds so that a burst of edits publishes once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator.db import Database
from coordinator.ics.publish import (
    last_published,
    publish_calendars,
    publish_if_enabled,
    publish_preferences,
    save_publish_preferences,
)
from coordinator_ui.calendar_export import StatusLine, documents_folder, failure_text
from coordinator_ui.form_widgets import dialog_buttons, hint_label
from coordinator_ui.workers import run_task

log = logging.getLogger(__name__)

AUTO_PUBLISH_DELAY_MS = 3_000  # several edits in a row publish once


class PublishCalendarsDialog(QDialog):
    """Choose the folder clients subscribe to, publish now, and publish after every change."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PublishCalendarsDialog")
        self.setWindowTitle("Publish calendars")
        self.database = database
        self.published: list[Path] = []
        preferences = publish_preferences(database)
        intro = QLabel(
            "Writes one calendar per active volunteer, named after their e-mail, and "
            "webinars.ics into a folder that calendar clients subscribe to: a shared drive, "
            "a synced folder or a web server's folder. Each file is replaced in one step, so "
            "nobody reads half a file; calendars of volunteers who are no longer active are "
            "removed."
        )
        intro.setWordWrap(True)
        self.folder = QLineEdit(str(preferences.folder or ""))
        self.folder.setObjectName("PublishFolder")
        self.folder.setPlaceholderText("Choose a folder…")
        self.folder.textChanged.connect(self._update)
        browse = QPushButton("Browse…")
        browse.setAutoDefault(False)  # Enter publishes; it does not open the folder dialog
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.auto = QCheckBox("Publish again automatically after every schedule change")
        self.auto.setChecked(preferences.auto)
        self.last = hint_label("")
        self.status = StatusLine()
        box, self.ok = dialog_buttons(self, "Publish now")
        self.ok.clicked.connect(self.publish)
        self.save = box.addButton("Save", box.ButtonRole.ActionRole)
        self.save.clicked.connect(self._save_and_close)
        self.close_button = box.button(box.StandardButton.Cancel)
        folder_box = QGroupBox("Folder")
        inner = QVBoxLayout(folder_box)
        inner.addLayout(row)
        inner.addWidget(self.auto)
        inner.addWidget(self.last)
        layout = QVBoxLayout(self)
        # Never smaller than the contents: wrapped labels would otherwise squeeze the fields.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.setSpacing(10)
        for widget in (intro, folder_box, self.status, box):
            layout.addWidget(widget)
        if database.read_only:
            for widget in (self.auto, self.save, self.ok):
                widget.setEnabled(False)
            self.status.done("This database is open read-only: publishing is for the lead.")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        self._update()
        self.resize(self.sizeHint())  # wrapped text: its height is computed for this width

    def _chosen(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text).expanduser() if text else None

    def _update(self, *_args: Any) -> None:
        folder = self._chosen()
        writable = not self.database.read_only
        self.ok.setEnabled(writable and folder is not None)
        self.auto.setEnabled(writable and folder is not None)
        found = last_published(folder) if folder else None
        self.last.setText(
            f"Last published here {found[0]:%Y-%m-%d %H:%M} UTC: {found[1]} files."
            if found
            else "Nothing published in this folder yet."
        )

    def browse(self) -> None:
        """Choose the folder with the platform's folder dialog."""
        chosen = QFileDialog.getExistingDirectory(
            self, "Publish calendars to", self.folder.text() or documents_folder()
        )
        if chosen:
            self.folder.setText(chosen)

    def save_choice(self) -> bool:
        """Store the folder and the switch in the database; say why not if it fails."""
        try:
            save_publish_preferences(self.database, self._chosen(), self.auto.isChecked())
        except (ValueError, OSError) as exc:
            self.status.failed(str(exc).capitalize() + ".")
            return False
        except Exception as exc:  # a locked or read-only database: shown, never lost
            log.exception("saving the publishing choice failed")
            self.status.failed(f"The choice was not saved: {exc}")
            return False
        return True

    def _save_and_close(self) -> None:
        if self.save_choice():
            self.accept()

    def publish(self) -> None:
        """Save the choice, then publish on the thread pool."""
        folder = self._chosen()
        if folder is None or not self.save_choice():
            return
        self.ok.setEnabled(False)
        self.status.busy(f"Publishing to {folder}…")
        run_task(
            publish_calendars,
            self.database,
            folder,
            on_done=self._on_done,
            on_error=self._on_error,
        )

    def _on_done(self, files: list[Path]) -> None:
        self.published = files
        self.close_button.setText("Close")
        self._update()
        self.status.done(f"Published {len(files) - 1} volunteer calendars and webinars.ics.")

    def _on_error(self, exc: BaseException) -> None:
        self._update()
        self.status.failed(f"Publishing failed: {failure_text(exc)}.")


class AutoPublisher(QObject):
    """Publishes again a moment after schedule changes, when the lead turned that on."""

    def __init__(self, database: Database, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("CalendarAutoPublisher")
        self.database = database
        self.running = False
        self.pending = False
        self.last_result: list[Path] | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTO_PUBLISH_DELAY_MS)
        self.timer.timeout.connect(self._start)

    def schedule(self) -> None:
        """Publish after a short pause (restarted by every further change)."""
        self.timer.start()

    def _start(self) -> None:
        if self.running:  # one at a time; the latest change is published right after
            self.pending = True
            return
        self.running = True
        run_task(publish_if_enabled, self.database, on_done=self._finished, on_error=self._failed)

    def _finished(self, files: list[Path] | None) -> None:
        self.running = False
        self.last_result = files
        if files is not None:
            _status_message(self.parent(), f"Published {len(files)} calendar files.")
        self._again()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        log.warning("publishing calendars after a change failed: %s", exc)
        _status_message(self.parent(), f"Publishing calendars failed: {exc}")
        self._again()

    def _again(self) -> None:
        if self.pending:
            self.pending = False
            self._start()


def _status_message(parent: QObject | None, text: str) -> None:
    status_bar = getattr(parent, "statusBar", None)
    if callable(status_bar):
        status_bar().showMessage(text, 10_000)


def open_publish_dialog(parent: QWidget | None, database: Database) -> PublishCalendarsDialog:
    """File → Publish calendars…: folder, publish now, publish after every change."""
    dialog = PublishCalendarsDialog(database, parent)
    dialog.open()
    return dialog


def publish_after_change(parent: QObject, database: Database) -> AutoPublisher | None:
    """Call after any schedule change: publishes a few seconds later if the lead turned it on."""
    if database.read_only:
        return None
    publisher = parent.findChild(AutoPublisher, "CalendarAutoPublisher")
    if publisher is None:
        publisher = AutoPublisher(database, parent)
    publisher.schedule()
    return publisher

"""The roster's file dialogs: Open Roster…, Publish Roster… (main window), Export My Calendar…"""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QStatusBar, QWidget

from coordinator.db import Database, DatabaseError, open_database
from coordinator.ics.scopes import safe_file_stem
from coordinator.roster import PublishedRoster, publish_roster
from coordinator.roster_view import export_volunteer_calendar
from coordinator_ui.roster_window import RosterWindow
from coordinator_ui.window_state import read_text, ui_settings
from coordinator_ui.workers import Task, run_task

ROSTER_FILTER = "Roster or database (*.sqlite3 *.sqlite *.db);;All files (*)"

# Roster windows are top-level and parentless (closing the main window need not close them);
# they stay referenced here until they are destroyed.
_open_windows: set[RosterWindow] = set()


class HasDatabase(Protocol):
    """What publishing needs from the main window."""

    database: Database

    def statusBar(self) -> QStatusBar: ...


def _documents() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def size_text(size_bytes: int) -> str:
    """``412 KiB`` / ``3.1 MiB``."""
    if size_bytes < 1024 * 1024:
        return f"{max(size_bytes // 1024, 1)} KiB"
    return f"{size_bytes / (1024 * 1024):.1f} MiB"


def show_roster_window(database: Database) -> RosterWindow:
    """Open a roster window that owns ``database`` (disposed when the window closes)."""
    window = RosterWindow(database, owns_database=True)
    _open_windows.add(window)
    window.destroyed.connect(partial(_open_windows.discard, window))
    window.show()
    return window


def open_roster_file(parent: QWidget) -> RosterWindow | None:
    """Ask for a roster (or database) file and open it read-only in a roster window."""
    settings = ui_settings()
    start = read_text(settings, "roster/open_path") or str(_documents())
    chosen, _filter = QFileDialog.getOpenFileName(parent, "Open roster", start, ROSTER_FILTER)
    if not chosen:
        return None
    try:
        database = open_database(chosen, read_only=True)
    except DatabaseError as exc:
        QMessageBox.warning(parent, "Cannot open the roster", str(exc))
        return None
    settings.setValue("roster/open_path", chosen)
    return show_roster_window(database)


def publish_roster_dialog(window: HasDatabase) -> Task | None:
    """Ask where to publish, then write the roster on a worker thread behind a busy dialog."""
    parent = window if isinstance(window, QWidget) else None
    settings = ui_settings()
    start = read_text(settings, "roster/publish_path") or str(_documents() / "roster.sqlite3")
    chosen, _filter = QFileDialog.getSaveFileName(parent, "Publish roster", start, ROSTER_FILTER)
    if not chosen:
        return None
    out = Path(chosen)
    if not out.suffix:
        out = out.with_suffix(".sqlite3")
    settings.setValue("roster/publish_path", str(out))
    busy = QProgressDialog("Publishing the roster…", "", 0, 0, parent)
    busy.setWindowTitle("Publish roster")
    busy.setCancelButton(None)  # the copy cannot be interrupted half-way (it is atomic)
    busy.setWindowModality(Qt.WindowModality.WindowModal)
    busy.setMinimumDuration(0)
    busy.show()
    started = time.perf_counter()

    # Task signals are emitted on the GUI thread (see workers.py), so these run there.
    def done(result: PublishedRoster) -> None:
        busy.close()
        seconds = time.perf_counter() - started
        summary = (
            f"Published the roster to {result.path}: {result.communities} communities, "
            f"{result.facilitators} volunteers, {size_text(result.size_bytes)}, "
            f"in {seconds:.1f} s"
        )
        window.statusBar().showMessage(summary, 10_000)
        QMessageBox.information(
            parent,
            "Roster published",
            f"{summary}.\n\nPrivate notes, the audit log and reminder state are left out. "
            "Volunteers open it with File → Open Roster… or "
            f'coordinator --read-only --db "{result.path}".',
        )

    def failed(exc: BaseException) -> None:
        busy.close()
        QMessageBox.warning(
            parent,
            "Roster not published",
            f"The roster could not be published: {exc}\n\nNothing was replaced: volunteers "
            "keep the roster they have.",
        )

    return run_task(publish_roster, window.database, out, on_done=done, on_error=failed)


def export_calendar_dialog(window: RosterWindow) -> Task | None:
    """Ask where to save the shown volunteer's calendar (.ics), then write it on the pool."""
    if window.roster is None:
        return None
    person = window.roster.volunteer
    settings = window.settings
    folder = Path(read_text(settings, "roster/export_folder") or _documents())
    chosen, _filter = QFileDialog.getSaveFileName(
        window,
        "Export calendar",
        str(folder / f"{safe_file_stem(person.email or person.name)}.ics"),
        "iCalendar files (*.ics)",
    )
    if not chosen:
        return None
    settings.setValue("roster/export_folder", str(Path(chosen).parent))
    window.statusBar().showMessage("Exporting the calendar…")

    def done(result: object) -> None:
        window.statusBar().showMessage(str(result), 8000)
        QMessageBox.information(
            window,
            "Calendar exported",
            f"{result}.\n\nImport it into Outlook, Google Calendar, Apple Calendar or "
            "Thunderbird. Importing a newer export later updates these events instead of "
            "adding them twice.",
        )

    return run_task(
        export_volunteer_calendar,
        window.database,
        person.id,
        Path(chosen),
        on_done=done,
        on_error=window.report_error,
    )

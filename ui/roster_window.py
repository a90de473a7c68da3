"""The volunteers' roster window: read-only, with no way to edit, import, assign or schedule.

It opens a published roster snapshot or the live database (``open_database(read_only=True)``);
every read runs on the thread pool through ``coordinator.roster_view``. Anything that goes wrong
there, a refused write included, is shown in a message box: never silently ignored.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QMessageBox, QWidget
from sqlalchemy.exc import OperationalError

from coordinator import APP_NAME, __version__
from coordinator.db import Database, DatabaseError, ReadOnlyError
from coordinator.models import utcnow
from coordinator.roster_view import (
    Roster,
    SnapshotInfo,
    VolunteerEntry,
    find_volunteer,
    list_volunteers,
    load_roster,
    snapshot_info,
)
from coordinator_ui.roster_page import RosterPage
from coordinator_ui.roster_rail import RosterRail
from coordinator_ui.theme import MUTED, icon
from coordinator_ui.window_state import read_bytes, read_text, ui_settings
from coordinator_ui.workers import run_task, wait_for_tasks

if TYPE_CHECKING:
    from coordinator.scheduling.events import Event
    from coordinator_ui.roster_reminders import RosterReminders

log = logging.getLogger(__name__)

READ_ONLY_MESSAGE = (
    "The roster is read-only: nothing can be changed here, and nothing was. "
    "Ask the lead to make the change and publish the roster again."
)


def _overview(database: Database) -> tuple[SnapshotInfo, list[VolunteerEntry]]:
    return snapshot_info(database), list_volunteers(database)


def describe_error(exc: BaseException) -> tuple[str, str]:
    """A message box's title and text for a failure in the roster view."""
    if is_write_refusal(exc):
        return "Read-only roster", READ_ONLY_MESSAGE
    if isinstance(exc, OSError):
        return "Not saved", f"The file could not be written: {exc}"
    return "Roster problem", f"The roster could not be read: {exc}"


def is_write_refusal(exc: BaseException) -> bool:
    """True for a write the read-only database refused (ours or SQLite's own check)."""
    if isinstance(exc, ReadOnlyError):
        return True
    original = getattr(exc, "orig", exc) if isinstance(exc, OperationalError) else exc
    return isinstance(original, sqlite3.OperationalError) and "readonly" in str(original)


class RosterWindow(QMainWindow):
    """A volunteer's read-only view: their communities, hosts, agenda and calendar export."""

    def __init__(
        self,
        database: Database,
        *,
        remember: bool = True,
        owns_database: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.remember = remember
        self.owns_database = owns_database
        self.setObjectName("RosterWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, owns_database)
        path = database.path
        self.setWindowTitle(f"{path.name if path else 'Roster'} (read-only) — {APP_NAME}")
        self.settings = ui_settings()
        self._settings_key = hashlib.sha1(database.display_name.encode()).hexdigest()[:16]
        self.volunteers: list[VolunteerEntry] = []
        self.snapshot: SnapshotInfo | None = None
        self.me_id: int | None = None
        self.shown_id: int | None = None
        self.roster: Roster | None = None
        self._request = 0  # only the newest roster request is shown
        self._source = self._source_stamp()
        self.errors: list[str] = []  # what was reported (for tests and the log)
        self.reminders: RosterReminders | None = None
        self._background_error: str | None = None

        self.rail = RosterRail(APP_NAME)
        self.rail.footer.setText(f"Version {__version__}")
        self.rail.chosen.connect(self.show_volunteer)
        self.page = RosterPage()
        self.page.me_chosen.connect(self.set_me)
        self.page.back_requested.connect(self.show_mine)
        self.page.export_requested.connect(self.export_calendar)
        self.page.weeks_changed.connect(self._on_weeks)
        self.page.status_message.connect(self._show_status)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.rail)
        layout.addWidget(self.page, 1)
        self.setCentralWidget(central)

        db_icon = QLabel()
        size = self.fontMetrics().height()
        db_icon.setPixmap(icon("database", MUTED).pixmap(QSize(size, size)))
        self.statusBar().addPermanentWidget(db_icon)
        self.statusBar().addPermanentWidget(QLabel(f"{database.display_name} (read-only)"))
        self.actions: dict[str, QAction] = {}
        self._build_menus()
        self._restore_geometry()
        self.rail.list.setFocus()  # not the search box: its focus frame would catch the eye

        # Ticks on the minute: clocks move on; a re-published roster or the lead's edits show.
        self.clock = QTimer(self)
        self.clock.setSingleShot(True)
        self.clock.setTimerType(Qt.TimerType.CoarseTimer)
        self.clock.timeout.connect(self._tick)
        self._schedule_tick()
        self.reload()

    # -- menus: reading only ----------------------------------------------------------------
    def _add(self, menu_name: str, key: str, text: str, slot: object, shortcut: str = "") -> None:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.actions[key] = action
        self.menus[menu_name].addAction(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus = {name: bar.addMenu(name) for name in ("&File", "&View", "&Help")}
        self._add("&File", "open_roster", "Open &Roster…", self.open_other, "Ctrl+O")
        self._add("&File", "export", "&Export My Calendar (.ics)…", self.export_calendar, "Ctrl+E")
        self.menus["&File"].addSeparator()
        self._add("&File", "close", "&Close", self.close, "Ctrl+W")
        self._add("&View", "mine", "&My Roster", self.show_mine, "Ctrl+M")
        self._add("&View", "reload", "&Reload", self.reload, "F5")
        self._add("&Help", "about", "&About Coordinator", self.about)
        self.actions["about"].setMenuRole(QAction.MenuRole.AboutRole)

    # -- loading ------------------------------------------------------------------------------
    def reload(self, *, background: bool = False) -> None:
        """Re-read the snapshot's age, the volunteers and the roster shown."""
        self._source = self._source_stamp()
        report = self._report_background if background else self.report_error
        run_task(_overview, self.database, on_done=self._on_overview, on_error=report)

    def _on_overview(self, result: tuple[SnapshotInfo, list[VolunteerEntry]]) -> None:
        self.snapshot, self.volunteers = result
        self._background_error = None
        self.page.set_snapshot(self.snapshot)
        email = read_text(self.settings, self._key("me"))
        me = find_volunteer(self.volunteers, email)
        me_id = me.id if me else None
        if self.reminders is not None and me_id != self.me_id:
            self.reminders.follow(me_id)
        self.me_id = me_id
        self.rail.set_volunteers(self.volunteers)
        self.rail.model.set_me(self.me_id)
        self.page.set_volunteers(self.volunteers, self.me_id)
        known = {v.id for v in self.volunteers}
        if self.shown_id not in known:
            self.shown_id = self.me_id
        if self.shown_id is None:
            self.rail.select(None)
            self.page.show_empty(
                "<h3>Who are you?</h3><p>Choose yourself in <b>I am …</b> above to see your "
                "communities, your hosts' local times and your next check-ins and webinars."
                "</p><p>You can look at other volunteers' rosters from the list on the left.</p>"
                if self.volunteers
                else "<h3>No volunteers yet</h3><p>This roster has no volunteers in it.</p>"
            )
            return
        self.load_shown()

    def load_shown(self) -> None:
        """Read the roster of the volunteer shown (on the thread pool)."""
        if self.shown_id is None:
            return
        self._request += 1
        request = self._request
        self.rail.select(self.shown_id)

        def done(roster: Roster) -> None:
            if request == self._request:  # a later choice wins over a slow earlier one
                self.roster = roster
                self.page.set_roster(roster, is_me=roster.volunteer.id == self.me_id)

        run_task(
            load_roster,
            self.database,
            self.shown_id,
            weeks=self.page.selected_weeks(),
            on_done=done,
            on_error=self.report_error,
        )

    def _on_weeks(self, _weeks: int) -> None:
        self.load_shown()

    def show_volunteer(self, volunteer_id: int) -> None:
        """Browse the roster of ``volunteer_id``."""
        self.shown_id = volunteer_id
        self.load_shown()

    def show_mine(self) -> None:
        """Back to the person's own roster."""
        if self.me_id is not None:
            self.show_volunteer(self.me_id)

    def set_me(self, volunteer_id: int | None) -> None:
        """Remember who uses this roster ("I am …", per database) and show their roster."""
        self.me_id = volunteer_id
        me = next((v for v in self.volunteers if v.id == volunteer_id), None)
        self.settings.setValue(self._key("me"), me.email if me else "")
        self.settings.sync()
        self.rail.model.set_me(volunteer_id)
        self.page.set_me(volunteer_id)
        if self.reminders is not None:
            self.reminders.follow(volunteer_id)
        if volunteer_id is not None:
            self.show_volunteer(volunteer_id)

    def _key(self, name: str) -> str:
        return f"roster/{self._settings_key}/{name}"

    # -- export ---------------------------------------------------------------------------------
    def export_calendar(self) -> None:
        """Save the shown volunteer's calendar (.ics) where the person chooses."""
        from coordinator_ui.roster_actions import export_calendar_dialog

        export_calendar_dialog(self)

    # -- errors: always shown ---------------------------------------------------------------------
    def report_error(self, exc: BaseException) -> None:
        """Tell the person what went wrong (a refused write says that nothing was changed)."""
        title, text = describe_error(exc)
        log.error("%s: %s", title, exc, exc_info=exc)
        self.errors.append(text)
        self._show_status(text)
        QMessageBox.warning(self, title, text)

    def _report_background(self, exc: BaseException) -> None:
        # The minute's re-read: a roster missing for a while (a synced folder) says so once in
        # a box, then only in the status bar until it reads again.
        text = describe_error(exc)[1]
        if text == self._background_error and not is_write_refusal(exc):
            log.warning("still failing: %s", exc)
            self._show_status(text)
            return
        self._background_error = text
        self.report_error(exc)

    def on_started(self) -> None:
        """Called once the event loop runs: the volunteer's reminders."""
        self.start_reminders()

    def start_reminders(self, *, clock: Callable[[], datetime] = utcnow, tray: bool = True) -> None:
        """Remind "I am …" of their check-ins and webinars (state in a local file, not here)."""
        if self.reminders is not None:
            return
        from coordinator_ui.roster_reminders import RosterReminders  # APScheduler: when wanted

        try:
            self.reminders = RosterReminders(
                self,
                self.database,
                on_error=self.report_error,
                on_open=self.open_event,
                view_menu=self.menus["&View"],
                clock=clock,
                tray=tray,
            )
        except (DatabaseError, OSError) as exc:  # no writable data folder: the roster still works
            log.warning("reminders are off: %s", exc)
            self._show_status(f"Reminders are off: {exc}")
            return
        self.reminders.follow(self.me_id)

    def open_event(self, event: Event) -> None:
        """Show a reminded check-in or webinar in the person's own agenda."""
        self.show_mine()
        self.page.pending_event = (event.uid, event.start)
        self.raise_()
        self.activateWindow()

    # -- other windows --------------------------------------------------------------------------
    def open_other(self) -> None:
        """File → Open Roster…: replace this window by one on another roster file."""
        from coordinator_ui.roster_actions import open_roster_file

        window = open_roster_file(self)
        if window is not None:
            window.setGeometry(self.geometry())
            self.close()

    def about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME} {__version__}</b> — roster view<p>Your communities, their hosts and "
            "your check-ins and webinars, read-only.</p>"
            f"<p>Roster: {self.database.display_name}</p>",
        )

    # -- time, state ------------------------------------------------------------------------------
    def _schedule_tick(self) -> None:
        now = datetime.now(UTC)
        self.clock.start((60 - now.second) * 1000 - now.microsecond // 1000 + 50)

    def _tick(self) -> None:
        now = datetime.now(UTC)
        self.page.refresh_clock(now)
        if self.snapshot is not None:
            self.page.set_snapshot(self.snapshot, now)
        stamp = self._source_stamp()
        if stamp is None or stamp != self._source:  # live data, or a roster re-published
            self.reload(background=True)
        elif self.roster is not None and any(r.end <= now for r in self.roster.upcoming[:1]):
            self.load_shown()  # the first occurrence is over: the agenda moves on
        self._schedule_tick()

    def _source_stamp(self) -> tuple[int, ...] | None:
        """What changes when the roster file is replaced or written (None: always re-read)."""
        path = self.database.path
        if path is None:
            return None
        stamp: list[int] = []
        for file in (path, Path(f"{path}-wal")):
            try:
                info = os.stat(file)
            except OSError:
                stamp.extend((0, 0, 0))
            else:
                stamp.extend((info.st_ino, info.st_mtime_ns, info.st_size))
        return tuple(stamp)

    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _restore_geometry(self) -> None:
        geometry = read_bytes(self.settings, "roster/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            char = self.fontMetrics().averageCharWidth()
            self.resize(char * 200, self.fontMetrics().height() * 46)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.clock.stop()
        if self.reminders is not None:
            self.reminders.stop()
        if self.remember:
            self.settings.setValue("roster/geometry", self.saveGeometry())
            self.settings.sync()
        wait_for_tasks(10_000)  # no worker may outlive the database it reads
        if self.owns_database:
            self.database.dispose()
        super().closeEvent(event)

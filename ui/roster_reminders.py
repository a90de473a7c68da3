"""Reminders for the volunteer using a roster window: the lead's reminder machinery, reused.

``coordinator.roster_reminders`` gives a local state file the engine can run on; here the
usual ``install_reminders`` puts the bridge, the Reminders dock and the tray on the roster
window. Only the chosen "I am …" volunteer is reminded, never the one being browsed. On a
team server the schedule is mirrored locally first and again every few minutes, off the GUI
thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QMenu

from coordinator.db import Database
from coordinator.models import utcnow
from coordinator.reminders import DEFAULT_OWNER
from coordinator.roster_reminders import VolunteerReminderStore, sessions_for
from coordinator.scheduling.events import Event
from coordinator_ui.autostart import launch_command
from coordinator_ui.reminders import ReminderBridge, install_reminders
from coordinator_ui.tray import ReminderTray
from coordinator_ui.workers import ErrorCallback, run_task

log = logging.getLogger(__name__)

MIRROR_EVERY_MS = 5 * 60 * 1000  # a server's schedule is copied again this often


def _prepare(
    store: VolunteerReminderStore, facilitator_id: int, now: datetime
) -> frozenset[int] | None:
    """On a worker: the server's schedule mirrored (if any), then the volunteer's sessions."""
    store.refresh()
    return sessions_for(store.roster, facilitator_id, now)


class RosterReminders(QObject):
    """Owns the volunteer's reminder store and, once someone is chosen, the bridge."""

    def __init__(
        self,
        window: QMainWindow,
        roster: Database,
        *,
        on_error: ErrorCallback,
        on_open: Callable[[Event], None],
        view_menu: QMenu | None = None,
        clock: Callable[[], datetime] = utcnow,
        tray: bool = True,
        path: Path | None = None,
    ) -> None:
        super().__init__(window)
        self.window, self.roster = window, roster
        self.on_error, self.on_open, self.view_menu = on_error, on_open, view_menu
        self.clock = clock
        self.tray = tray
        self.store = VolunteerReminderStore(roster, path)
        self.bridge: ReminderBridge | None = None
        self.facilitator_id: int | None = None
        self.refreshing = False
        self.mirror_timer = QTimer(self)
        self.mirror_timer.setInterval(MIRROR_EVERY_MS)
        self.mirror_timer.timeout.connect(self.refresh_mirror)
        if self.store.mirror is not None:
            self.mirror_timer.start()

    def follow(self, facilitator_id: int | None) -> None:
        """Remind ``facilitator_id`` (None: nobody) from now on."""
        self.facilitator_id = facilitator_id
        if facilitator_id is None:
            self._focus(None, None)
            return
        run_task(
            _prepare,
            self.store,
            facilitator_id,
            self.clock(),
            on_done=partial(self._focus, facilitator_id),
            on_error=self.on_error,
        )

    def refresh_mirror(self) -> None:
        """Copy the server's schedule again, then look for due reminders on the new copy."""
        if self.refreshing or self.store.mirror is None:
            return
        self.refreshing = True
        run_task(self.store.refresh, on_done=self._refreshed, on_error=self._refresh_failed)

    def _refreshed(self, _result: object) -> None:
        self.refreshing = False
        if self.bridge is not None:
            self.bridge.check_now()

    def _refresh_failed(self, error: BaseException) -> None:
        self.refreshing = False
        self.on_error(error)

    def _focus(self, facilitator_id: int | None, sessions: frozenset[int] | None) -> None:
        if facilitator_id != self.facilitator_id:
            return  # chosen again meanwhile: that answer is on its way
        self.store.follow(facilitator_id, sessions)
        if self.bridge is not None:
            self.bridge.check_now()
            return
        if facilitator_id is None:
            return
        tray = self.tray and ReminderTray.available()
        self.bridge = install_reminders(
            self.window, self.store.database, clock=self.clock, tray=tray, owner=DEFAULT_OWNER
        )
        if self.bridge.tray is not None and self.roster.path is not None:
            # install_reminders names the database it runs on (the local state file); the
            # tray's "Start with the session" must reopen this roster view instead.
            self.bridge.tray.command = [*launch_command(self.roster.path), "--read-only"]
        self.bridge.open_requested.connect(self.on_open)
        if self.view_menu is not None and self.bridge.dock is not None:
            self.view_menu.addSeparator()
            self.view_menu.addAction(self.bridge.dock.toggleViewAction())

    def stop(self) -> None:
        """Stop the scheduler and close the state file."""
        self.mirror_timer.stop()
        if self.bridge is not None:
            self.bridge.stop()
        self.store.dispose()

"""Reminders for the volunteer using a roster window: the lead's reminder machinery, reused.

``coordinator.roster_reminders`` gives a local state file the engine can run on; here the
usual ``install_reminders`` puts the bridge, the Reminders dock and the tray on the roster
window. Only the chosen "I am …" volunteer is reminded, never the one being browsed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject
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

    def follow(self, facilitator_id: int | None) -> None:
        """Remind ``facilitator_id`` (None: nobody) from now on."""
        self.facilitator_id = facilitator_id
        if facilitator_id is None:
            self._focus(None, None)
            return
        run_task(
            sessions_for,
            self.roster,
            facilitator_id,
            self.clock(),
            on_done=partial(self._focus, facilitator_id),
            on_error=self.on_error,
        )

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
        if self.bridge is not None:
            self.bridge.stop()
        self.store.dispose()

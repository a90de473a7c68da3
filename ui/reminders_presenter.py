"""Puts what the reminder bridge delivers on screen: the dock, tray messages, the away dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QDockWidget, QMainWindow

from coordinator.reminders import Reminder
from coordinator_ui.reminders_panel import AwayDialog
from coordinator_ui.tray import ReminderTray, WindowKeeper

if TYPE_CHECKING:
    from coordinator_ui.reminders import ReminderBridge


class ReminderPresenter(QObject):
    """Shows what the bridge delivers: dock, tray message, the "while you were away" dialog."""

    def __init__(
        self,
        window: QMainWindow,
        bridge: ReminderBridge,
        dock: QDockWidget,
        tray: ReminderTray | None,
        keeper: WindowKeeper | None,
    ) -> None:
        super().__init__(bridge)
        self.window, self.bridge, self.dock = window, bridge, dock
        self.tray, self.keeper = tray, keeper
        self.away: AwayDialog | None = None
        self._waiting: list[Reminder] = []
        self._first_list = True
        bridge.reminders_due.connect(self.on_due)
        bridge.caught_up.connect(self.on_caught_up)
        bridge.active_changed.connect(self.on_active)
        if tray is not None:
            tray.reminders_requested.connect(self.show_reminders)
            tray.show_requested.connect(self._show_waiting)

    @Slot(object)
    def on_due(self, reminders: list[Reminder]) -> None:
        self.dock.show()
        self.dock.raise_()
        if self.tray is not None:
            self.tray.notify(reminders)

    @Slot(object)
    def on_caught_up(self, reminders: list[Reminder]) -> None:
        if not reminders:
            return
        self._waiting = [*self._waiting, *reminders]
        if self.window.isVisible() or self.tray is None or not self.tray.visible:
            self._show_waiting()
        else:  # minimised to the tray: tell, and show the list when the window comes back
            self.tray.notify(reminders)

    @Slot()
    def show_reminders(self) -> None:
        if self.keeper is not None:
            self.keeper.show_window()
        else:
            self.window.show()
        self.dock.show()
        self.dock.raise_()
        self._show_waiting()

    @Slot()
    def _show_waiting(self) -> None:
        if not self._waiting:
            return
        reminders, self._waiting = self._waiting, []
        if self.away is not None:  # another absence while the list is open: one list
            reminders = [*self.away.model.rows(), *reminders]
            self.away.close()
        self.away = AwayDialog(reminders, self.window, clock=self.bridge.now)
        self.away.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.away.open_requested.connect(self.bridge.open_requested)
        self.away.finished.connect(self._forget_away)
        self.away.show()

    @Slot()
    def _forget_away(self) -> None:
        self.away = None

    @Slot(object)
    def on_active(self, reminders: list[Reminder]) -> None:
        if self._first_list and reminders:
            self.dock.show()  # open reminders at start-up: show them once, then the lead decides
        self._first_list = False
        if self.tray is not None:
            self.tray.set_open_count(len(reminders))

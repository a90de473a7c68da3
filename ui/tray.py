"""The system tray: notifications, a menu (show, reminders, preferences, quit), staying in the tray.

The preferences are per machine, so they live in the window's INI file (``QSettings``), not in
the programme database: start minimised to the tray, keep running in the tray when the window
closes, and start with the session (where ``coordinator_ui.autostart`` supports the platform).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QSystemTrayIcon

from coordinator import APP_NAME
from coordinator.models import utcnow
from coordinator.reminders import Reminder
from coordinator_ui.autostart import Autostart, for_this_platform, launch_command
from coordinator_ui.reminders_panel import when_text
from coordinator_ui.theme import app_icon, icon
from coordinator_ui.tray_preferences import TrayPreferences

log = logging.getLogger(__name__)

_MAX_LINES = 4


def notification_text(reminders: Sequence[Reminder], now: datetime) -> tuple[str, str]:
    """Title and body of one tray message for the reminders that just fired."""
    if len(reminders) == 1:
        return reminders[0].event.title, when_text(reminders[0], now)
    lines = [f"• {r.event.title} — {when_text(r, now)}" for r in reminders[:_MAX_LINES]]
    if len(reminders) > _MAX_LINES:
        lines.append(f"and {len(reminders) - _MAX_LINES} more in the Reminders panel")
    return f"{len(reminders)} reminders", "\n".join(lines)


class ReminderTray(QObject):
    """The tray icon and its menu; emits requests, the window decides what they mean."""

    show_requested = Signal()
    reminders_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        preferences: TrayPreferences | None = None,
        autostart: Autostart | bool | None = True,
        command: Sequence[str] | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(parent)
        self.preferences = preferences if preferences is not None else TrayPreferences()
        self.autostart = for_this_platform() if autostart is True else autostart or None
        self.command = list(command) if command is not None else launch_command()
        self.clock = clock
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip(APP_NAME)
        self.menu = QMenu()  # a tray menu has no parent widget; this object keeps it alive
        self.menu.setObjectName("TrayMenu")
        self.show_action = self._add("Show Coordinator", self.show_requested.emit, "dashboard")
        self.reminders_action = self._add("Reminders", self.reminders_requested.emit, "clock")
        self.menu.addSeparator()
        self.minimised_action = self._toggle(
            "Start minimised to the tray", self.preferences.start_minimised, self._set_minimised
        )
        self.keep_action = self._toggle(
            "Keep running in the tray when the window closes",
            self.preferences.keep_running,
            self._set_keep_running,
        )
        self.session_action = self._toggle(
            "Start with the session", self._autostart_enabled(), self._set_autostart
        )
        self.session_action.setVisible(self.autostart is not None)
        self.menu.addSeparator()
        self.quit_action = self._add("Quit", self.quit_requested.emit, "")
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.icon.messageClicked.connect(self.reminders_requested)
        self.destroyed.connect(self.menu.deleteLater)

    def _add(self, text: str, slot: Callable[[], None], icon_name: str) -> QAction:
        action = self.menu.addAction(text)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(slot)
        return action

    def _toggle(self, text: str, checked: bool, slot: Callable[[bool], None]) -> QAction:
        action = self.menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(checked)
        action.toggled.connect(slot)
        return action

    @staticmethod
    def available() -> bool:
        """True when the desktop has a system tray to show an icon in."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    @property
    def visible(self) -> bool:
        """True when the icon is shown in a tray."""
        return self.icon.isVisible()

    def show(self) -> None:
        """Show the icon if the desktop has a tray."""
        if self.available():
            self.icon.show()

    def notify(self, reminders: Sequence[Reminder]) -> bool:
        """Show one tray message for ``reminders``; False when the platform cannot."""
        if not reminders or not self.visible or not QSystemTrayIcon.supportsMessages():
            return False
        title, body = notification_text(reminders, self.clock())
        self.icon.showMessage(title, body, app_icon(), 15_000)
        return True

    def set_open_count(self, count: int) -> None:
        """Name the number of open reminders in the icon's tooltip."""
        suffix = f" — {count} reminder{'s' if count != 1 else ''}" if count else ""
        self.icon.setToolTip(APP_NAME + suffix)

    def _autostart_enabled(self) -> bool:
        try:
            return self.autostart is not None and self.autostart.is_enabled()
        except OSError:
            return False

    @Slot(bool)
    def _set_minimised(self, checked: bool) -> None:
        self.preferences.start_minimised = checked

    @Slot(bool)
    def _set_keep_running(self, checked: bool) -> None:
        self.preferences.keep_running = checked

    @Slot(bool)
    def _set_autostart(self, checked: bool) -> None:
        if self.autostart is None:
            return
        try:
            if checked:
                self.autostart.enable(self.command)
            else:
                self.autostart.disable()
        except OSError as exc:
            log.warning("could not change start with the session: %s", exc)
            self.session_action.blockSignals(True)
            self.session_action.setChecked(not checked)
            self.session_action.blockSignals(False)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_requested.emit()


class WindowKeeper(QObject):
    """Hides the window to the tray instead of closing it, when the lead wants that."""

    def __init__(self, window: QMainWindow, tray: ReminderTray) -> None:
        super().__init__(window)
        self.window, self.tray = window, tray
        self.quitting = False
        self._told = False
        window.installEventFilter(self)
        tray.show_requested.connect(self.show_window)
        tray.quit_requested.connect(self.quit)
        tray.keep_action.toggled.connect(self._sync_quit_rule)
        self._sync_quit_rule()

    @property
    def hides(self) -> bool:
        """True when closing the window only hides it."""
        return self.tray.visible and self.tray.preferences.keep_running and not self.quitting

    def _sync_quit_rule(self, *_args: object) -> None:
        # A dialog closed while the window is hidden must not end the app.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(not self.hides)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and self.hides:
            event.ignore()
            self.window.hide()
            if not self._told and QSystemTrayIcon.supportsMessages():
                self._told = True
                self.tray.icon.showMessage(
                    f"{APP_NAME} is still running",
                    "Reminders go on in the tray. Quit from the tray menu.",
                    app_icon(),
                    8_000,
                )
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def show_window(self) -> None:
        """Bring the window back from the tray."""
        if self.window.isMinimized():
            self.window.showNormal()
        else:
            self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    @Slot()
    def quit(self) -> None:
        """Close the window for real (it saves its state) and end the app."""
        self.quitting = True
        self._sync_quit_rule()
        self.window.close()
        QApplication.quit()

"""The tray preferences (start minimised, keep running), light enough for the start-up path.

``app.py`` reads them before showing the window, before the database or the reminders are
imported; the tray itself (``tray.py``) uses the same class.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSystemTrayIcon

from coordinator_ui.window_state import ui_settings

START_MINIMISED = "tray/start_minimised"
KEEP_RUNNING = "tray/keep_running"


def _flag(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):  # INI files give strings back
        return value.lower() in ("true", "1", "yes")
    return bool(value)


class TrayPreferences:
    """Start minimised / keep running in the tray, kept in the window's INI file."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings if settings is not None else ui_settings()

    @property
    def start_minimised(self) -> bool:
        """Open hidden in the tray (only honoured when a tray exists)."""
        return _flag(self.settings, START_MINIMISED, False)

    @start_minimised.setter
    def start_minimised(self, value: bool) -> None:
        self.settings.setValue(START_MINIMISED, bool(value))
        self.settings.sync()

    @property
    def keep_running(self) -> bool:
        """Closing the window hides it and reminders go on (only with a tray)."""
        return _flag(self.settings, KEEP_RUNNING, False)

    @keep_running.setter
    def keep_running(self, value: bool) -> None:
        self.settings.setValue(KEEP_RUNNING, bool(value))
        self.settings.sync()


def start_hidden() -> bool:
    """True when the window should open hidden in the tray (for ``app.py`` before ``show()``)."""
    return QSystemTrayIcon.isSystemTrayAvailable() and TrayPreferences().start_minimised

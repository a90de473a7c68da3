"""What the window remembers between runs: an INI file in the config folder (private in tests)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from coordinator.paths import config_dir


def ui_settings() -> QSettings:
    """The window's own settings file (``window.ini`` in ``coordinator.paths.config_dir()``)."""
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


def read_bytes(settings: QSettings, key: str) -> QByteArray | None:
    """A stored byte array (geometry, header state), or None when absent or unreadable."""
    value = settings.value(key)
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, bytes | bytearray) and value:
        return QByteArray(bytes(value))
    return None


def read_text(settings: QSettings, key: str, default: str = "") -> str:
    """A stored string, or ``default``."""
    value = settings.value(key, default)
    return value if isinstance(value, str) else default

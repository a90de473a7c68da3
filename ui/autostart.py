"""Start with the session: an XDG autostart entry, a macOS LaunchAgent or a Windows Run key.

Each platform gets one small class with ``is_enabled()``, ``enable(command)`` and
``disable()``; ``for_this_platform()`` picks it (None where we cannot do it properly, and the
tray then hides the option). Folders and the registry module are injectable for tests.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Protocol

from platformdirs import user_config_dir

from coordinator import APP_ID, APP_NAME
from coordinator.paths import default_database_path, resource_path

DESKTOP_FILE = f"{APP_ID}.desktop"
AGENT_LABEL = f"org.{APP_ID}.autostart"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class Autostart(Protocol):
    """Where the platform keeps "start this at log-in"."""

    def is_enabled(self) -> bool: ...

    def enable(self, command: Sequence[str]) -> None: ...

    def disable(self) -> None: ...


def launch_command(database_path: Path | str | None = None) -> list[str]:
    """How to start this app again: the frozen executable or ``python -m coordinator``."""
    if getattr(sys, "frozen", False):
        command = [sys.executable]
    else:
        command = [sys.executable, "-m", "coordinator"]
    if database_path is not None and str(database_path) != str(default_database_path()):
        command += ["--db", str(database_path)]
    return command


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def desktop_exec(command: Sequence[str]) -> str:
    """The ``Exec=`` value for ``command`` (Desktop Entry quoting, then string escaping)."""
    parts = []
    for arg in command:
        if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`%="):
            parts.append(arg)
        else:
            escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg).replace("%", "%%")
            parts.append(f'"{escaped}"')
    # The key's value is itself a string: its backslashes are escaped once more.
    return " ".join(parts).replace("\\", "\\\\")


class XdgAutostart:
    """A ``.desktop`` file in ``$XDG_CONFIG_HOME/autostart`` (freedesktop Autostart spec)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else Path(user_config_dir()) / "autostart"
        self.path = self.folder / DESKTOP_FILE

    def is_enabled(self) -> bool:
        """True when the entry exists and is not hidden or disabled."""
        if not self.path.is_file():
            return False
        text = self.path.read_text(encoding="utf-8", errors="replace").lower()
        return "hidden=true" not in text and "x-gnome-autostart-enabled=false" not in text

    def enable(self, command: Sequence[str]) -> None:
        """Write the entry (replacing an older one)."""
        lines = [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={APP_NAME}",
            "Comment=Reminders for check-ins and webinars",
            f"Exec={desktop_exec(command)}",
            f"Icon={resource_path('icons', 'app.svg')}",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
        ]
        _write_atomically(self.path, ("\n".join(lines) + "\n").encode("utf-8"))

    def disable(self) -> None:
        """Remove the entry."""
        self.path.unlink(missing_ok=True)


class LaunchAgent:
    """A per-user LaunchAgent property list with ``RunAtLoad`` (macOS)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else Path.home() / "Library" / "LaunchAgents"
        self.path = self.folder / f"{AGENT_LABEL}.plist"

    def is_enabled(self) -> bool:
        """True when the agent's file exists."""
        return self.path.is_file()

    def enable(self, command: Sequence[str]) -> None:
        """Write the agent (launchd reads it at the next log-in)."""
        agent = {
            "Label": AGENT_LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
        _write_atomically(self.path, plistlib.dumps(agent))

    def disable(self) -> None:
        """Remove the agent's file."""
        self.path.unlink(missing_ok=True)


class RunKey:
    """A value under ``HKCU\\...\\CurrentVersion\\Run`` (Windows)."""

    def __init__(self, registry: ModuleType | None = None) -> None:
        if registry is None:
            import winreg as registry  # type: ignore[import-not-found,no-redef]
        self.registry = registry

    def is_enabled(self) -> bool:
        """True when the value exists."""
        reg = self.registry
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY) as key:
                reg.QueryValueEx(key, APP_NAME)
        except OSError:
            return False
        return True

    def enable(self, command: Sequence[str]) -> None:
        """Store the command line (quoted the way Windows parses it)."""
        reg = self.registry
        with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
            reg.SetValueEx(key, APP_NAME, 0, reg.REG_SZ, subprocess.list2cmdline(list(command)))

    def disable(self) -> None:
        """Delete the value."""
        reg = self.registry
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.DeleteValue(key, APP_NAME)
        except OSError:
            pass  # not there: nothing to undo


def for_this_platform() -> Autostart | None:
    """The autostart mechanism of this platform, or None where there is none we support."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return XdgAutostart()
    if sys.platform == "darwin":
        return LaunchAgent()
    if sys.platform == "win32":
        return RunKey()
    return None

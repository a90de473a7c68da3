"""Where things live: user data, config and log folders, and bundled resources.

One place resolves every path so tests can redirect them (``COORDINATOR_HOME``) and the
frozen (PyInstaller) build finds its bundled files.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from platformdirs import PlatformDirs

from coordinator import APP_ID, APP_NAME

_HOME_ENV = "COORDINATOR_HOME"

log = logging.getLogger(__name__)


def _dirs() -> PlatformDirs:
    return PlatformDirs(appname=APP_ID, appauthor=APP_NAME, roaming=False)


def _override() -> Path | None:
    home = os.environ.get(_HOME_ENV)
    return Path(home) if home else None


def _created(path: Path) -> Path:
    """``path``, made if missing. A folder that cannot be made (read-only or odd home) is
    returned all the same: whoever writes there reports the failure in its own terms, and
    reading (a read-only roster, say) goes on."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.debug("Cannot create %s: %s", path, exc)
    return path


def data_dir() -> Path:
    """Folder for the database and backups (created on demand)."""
    return _created(_override() / "data" if _override() else Path(_dirs().user_data_dir))


def config_dir() -> Path:
    """Folder for the UI's own settings file (created on demand)."""
    return _created(_override() / "config" if _override() else Path(_dirs().user_config_dir))


def log_dir() -> Path:
    """Folder for the rotating log file (created on demand)."""
    return _created(_override() / "log" if _override() else Path(_dirs().user_log_dir))


def default_database_path() -> Path:
    """The embedded SQLite database used when ``--db`` is not given."""
    return data_dir() / "coordinator.sqlite3"


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource (``resources/`` in the source tree, also when frozen)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root, "coordinator_resources", *parts)
    # A package folder on disk (installed or editable): importlib.resources would cost 7 ms of
    # start-up to say the same.
    import coordinator_resources

    return Path(coordinator_resources.__file__).parent.joinpath(*parts)


def migrations_path() -> Path:
    """Folder holding the Alembic environment and revision scripts."""
    # Alembic loads these by file path. Frozen (PyInstaller 6) this module's __file__ is
    # <_MEIPASS>/coordinator/paths.pyc, and build.spec ships the scripts to that folder.
    return Path(__file__).resolve().parent / "migrations"

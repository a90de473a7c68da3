"""Logging set-up: one rotating file in the platform log folder, plus stderr for warnings."""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
from pathlib import Path

from coordinator import __version__, paths

LOG_FILE_NAME = "coordinator.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# Marks the handlers this module added, so a second call can find and replace them.
_OURS = "_coordinator_handler"

log = logging.getLogger(__name__)


def setup_logging(level: int = logging.INFO, *, to_file: bool = True) -> Path | None:
    """Configure the root logger; safe to call again. Returns the log file (None if none).

    A folder that cannot be written (read-only home, full disk) never stops the app: it then
    logs to stderr only and says so once.
    """
    root = logging.getLogger()
    root.setLevel(level)
    # Alembic reports every plugin and context at INFO on each start; our own migrate
    # module logs the upgrades that matter.
    logging.getLogger("alembic").setLevel(logging.WARNING)

    # Replaced on every call: the old one may hold a stderr that was redirected (and closed).
    for old in [h for h in root.handlers if getattr(h, _OURS, "") == "stream"]:
        root.removeHandler(old)
    stream = logging.StreamHandler()
    stream.setLevel(logging.WARNING)
    stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    setattr(stream, _OURS, "stream")
    root.addHandler(stream)

    current = _file_handler(root)
    if not to_file:
        _remove(root, current)
        return None
    path = paths.log_dir() / LOG_FILE_NAME
    if current is not None and Path(current.baseFilename) == path.resolve():
        return path  # already logging there (a second call, e.g. in tests)
    _remove(root, current)
    try:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        log.warning("Cannot write the log file %s (%s); logging to the terminal only.", path, exc)
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    setattr(handler, _OURS, "file")
    root.addHandler(handler)
    log.info(
        "Coordinator %s on Python %s, %s%s",
        __version__,
        platform.python_version(),
        platform.platform(terse=True),
        " (frozen)" if getattr(sys, "frozen", False) else "",
    )
    return path


def log_file() -> Path | None:
    """The file the log is written to now (for an error report), or None."""
    handler = _file_handler(logging.getLogger())
    return Path(handler.baseFilename) if handler is not None else None


def _file_handler(root: logging.Logger) -> logging.handlers.RotatingFileHandler | None:
    for handler in root.handlers:
        if getattr(handler, _OURS, "") == "file":
            return handler  # type: ignore[return-value]
    return None


def _remove(root: logging.Logger, handler: logging.Handler | None) -> None:
    if handler is not None:
        root.removeHandler(handler)
        handler.close()

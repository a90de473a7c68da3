"""Logging set-up: one rotating file in the platform log folder, plus stderr for warnings."""

from __future__ import annotations

import logging
import logging.handlers

from coordinator import paths

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(level: int = logging.INFO, *, to_file: bool = True) -> None:
    """Configure the root logger once; safe to call again."""
    root = logging.getLogger()
    if getattr(root, "_coordinator_configured", False):
        return
    root.setLevel(level)
    stream = logging.StreamHandler()
    stream.setLevel(logging.WARNING)
    stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root.addHandler(stream)
    if to_file:
        try:
            handler = logging.handlers.RotatingFileHandler(
                paths.log_dir() / "coordinator.log",
                maxBytes=1_000_000,
                backupCount=5,
                encoding="utf-8",
            )
        except OSError:  # a read-only home must not stop the app
            handler = None
        if handler is not None:
            handler.setFormatter(logging.Formatter(_FORMAT))
            root.addHandler(handler)
    root._coordinator_configured = True  # type: ignore[attr-defined]

"""Coordinator: the core (domain, persistence, services) of the Communities of Practice coordinator.

Nothing in this package imports Qt; the window lives in ``coordinator_ui`` (folder ``ui/``).
"""

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "Coordinator"
APP_ID = "coordinator"

try:
    __version__ = version("coordinator")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

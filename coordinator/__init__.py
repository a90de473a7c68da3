"""Coordinator: the core (domain, persistence, services) of the Communities of Practice coordinator.

Nothing in this package imports Qt; the window lives in ``coordinator_ui`` (folder ``ui/``).
"""

APP_NAME = "Coordinator"
APP_ID = "coordinator"
# The one place the version is written: pyproject.toml reads it from here. (Asking the package
# metadata instead costs 25-35 ms of start-up, a quarter of a bare Qt window's.)
__version__ = "0.1.0"

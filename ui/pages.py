"""The contract every page of the main window follows (Dashboard, Communities, …)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from coordinator.db import Database


class Page(QWidget):
    """A page of the main window: built from a database, re-read on ``reload()``.

    A page that writes emits ``data_changed`` afterwards so the window reloads the other pages.
    """

    data_changed = Signal()
    status_message = Signal(str)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database

    def reload(self) -> None:
        """Re-read what the page shows from the database."""
        raise NotImplementedError

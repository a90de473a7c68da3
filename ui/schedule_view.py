"""Schedule page (being written by the scheduling work; this first version is empty)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from coordinator.db import Database
from coordinator_ui.pages import Page


class ScheduleView(Page):
    """Week and month agenda of check-ins and webinars."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(database, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("No schedule yet."))

    def reload(self) -> None:
        """Nothing to re-read yet."""

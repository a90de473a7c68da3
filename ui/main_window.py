"""The lead's main window: navigation between views and a status bar naming the database."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QTableView, QTabWidget

from coordinator.db import Database
from coordinator_ui.table_models import CommunityTableModel, FacilitatorTableModel


class MainWindow(QMainWindow):
    """Top-level window of the editor."""

    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self.setWindowTitle("Coordinator")
        self.resize(1200, 760)
        self.tabs = QTabWidget()
        self.communities_model = CommunityTableModel(database)
        self.facilitators_model = FacilitatorTableModel(database)
        for title, model in (
            ("Communities", self.communities_model),
            ("Volunteers", self.facilitators_model),
        ):
            view = QTableView()
            view.setModel(model)
            view.setSortingEnabled(True)
            self.tabs.addTab(view, title)
        self.setCentralWidget(self.tabs)
        self.database_label = QLabel(f"Database: {database.display_name}")
        self.statusBar().addPermanentWidget(self.database_label)
        self.reload()

    def reload(self) -> None:
        """Re-read every view from the database."""
        self.communities_model.reload()
        self.facilitators_model.reload()

    def on_started(self) -> None:
        """Called once the event loop runs (first-run offers, reminders)."""

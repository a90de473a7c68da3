"""Caseloads page (being written by the assignment work; this first version lists caseloads)."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView, QVBoxLayout, QWidget
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from coordinator.db import Database
from coordinator.domain import AssignmentStatus
from coordinator.models import Assignment, Facilitator
from coordinator_ui.pages import Page


class CaseloadsView(Page):
    """One row per volunteer with the communities in their active caseload."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(database, parent)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)

    def reload(self) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels(["Volunteer / community", "Load"])
        with self.database.reading() as session:
            facilitators = session.scalars(
                select(Facilitator)
                .options(selectinload(Facilitator.assignments).selectinload(Assignment.community))
                .order_by(Facilitator.name)
            ).all()
            for f in facilitators:
                active = [a for a in f.assignments if a.status == AssignmentStatus.ACTIVE]
                parent = QStandardItem(f.name)
                for a in active:
                    parent.appendRow([QStandardItem(a.community.name), QStandardItem("")])
                self.model.appendRow([parent, QStandardItem(f"{len(active)}/{f.capacity}")])

"""First run: when the default database is empty, offer the sample programme or an empty start."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from coordinator.db import Database
from coordinator.queries import is_empty

log = logging.getLogger(__name__)


def should_offer_sample(database: Database, *, is_default: bool) -> bool:
    """True for the default database when it is writable and holds nothing yet."""
    return is_default and not database.read_only and is_empty(database)


def load_sample_programme(database: Database) -> None:
    """Fill ``database`` with the 56-community sample programme (dates moved to now)."""
    from coordinator.demo import load_sample  # only on a first run: keeps start-up lean

    load_sample(database, shift_to_today=True)


def sample_offer_box(parent: QWidget | None) -> tuple[QMessageBox, QPushButton]:
    """The first-run question, and its "open the sample" button."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Welcome to Coordinator")
    box.setText("Your programme is empty.")
    box.setInformativeText(
        "Open the sample programme — 56 communities, volunteers and a year of activity — "
        "to look around, or start with an empty programme and add or import your own."
    )
    sample = box.addButton("Open the sample programme", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Start empty", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(sample)
    return box, sample


def offer_sample(parent: QWidget | None, database: Database) -> bool:
    """Ask whether to open the sample programme; load it if wanted. True when loaded."""
    if not is_empty(database):
        return False
    box, sample = sample_offer_box(parent)
    box.exec()
    if box.clickedButton() is not sample:
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        load_sample_programme(database)
    except Exception as exc:  # shown to the person; the programme stays empty
        log.exception("could not load the sample programme")
        QMessageBox.warning(parent, "Sample programme", f"The sample could not be loaded: {exc}")
        return False
    finally:
        QApplication.restoreOverrideCursor()
    return True

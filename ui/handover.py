"""Hand-over packs from the window: choose ending caseload entries, save the pack as PDF/HTML.

Every active caseload entry is listed, soonest end first; those ending within 30 days (or
overdue) are chosen to begin with. The pack is what the next volunteer receives.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coordinator.db import Database
from coordinator.reporting.handover import HandoverPack, handover_pack
from coordinator.reporting.programme import EndingCaseload, ending_caseloads
from coordinator_ui.report_pdf import save_handover
from coordinator_ui.theme import MUTED, icon
from coordinator_ui.workers import run_task

log = logging.getLogger(__name__)

ENDING_DAYS = 30
ALL_DAYS = 365 * 100  # every active entry
_HEADERS = ("Community", "Volunteer", "Planned end", "Left")


def list_caseloads(database: Database, today: date) -> list[EndingCaseload]:
    """Every active caseload entry, the soonest end first (read on a worker thread)."""
    with database.reading() as session:
        return ending_caseloads(session, today, ALL_DAYS)


class HandoverDialog(QDialog):
    """Choose caseload entries; save their hand-over pack as PDF or HTML."""

    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        *,
        chosen: Any = (),
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.today = today or date.today()
        self.chosen_first = set(chosen)
        self.entries: list[EndingCaseload] = []
        self.saved: Path | None = None
        self.loaded = False
        self._target = Path()
        self.setWindowTitle("Hand-over packs")
        heading = QLabel("Hand-over pack")
        heading.setObjectName("PageTitle")
        note = QLabel(
            "For the volunteer taking over: per community the contacts, the check-in history with "
            "notes and outcomes, the health trend and what is still open. Entries ending within "
            f"{ENDING_DAYS} days are chosen."
        )
        note.setObjectName("Muted")
        note.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("SearchBox")
        self.search.setPlaceholderText("Filter by community or volunteer…")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.model = QStandardItemModel(0, len(_HEADERS), self)
        self.model.setHorizontalHeaderLabels(list(_HEADERS))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.status = QLabel("Loading the caseloads…")
        self.status.setObjectName("Muted")
        self.status.setWordWrap(True)
        self.open_button = QPushButton("Open the file")
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self.open_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.pdf_button = buttons.addButton("Save PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.html_button = buttons.addButton("Save HTML…", QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.clicked.connect(lambda: self.choose_file("pdf"))
        self.html_button.clicked.connect(lambda: self.choose_file("html"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.open_button)
        layout.addWidget(buttons)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 112, self.fontMetrics().height() * 32)
        self._update_buttons()
        run_task(list_caseloads, database, self.today, on_done=self._show, on_error=self._failed)

    # -- the list --------------------------------------------------------------------------
    def _show(self, entries: list[EndingCaseload]) -> None:
        self.entries = entries
        self.loaded = True
        for entry in entries:
            left = (
                f"{entry.days_left} days"
                if entry.days_left >= 0
                else f"{-entry.days_left} days ago"
            )
            cells = [
                entry.community_name,
                entry.facilitator_name,
                f"{entry.ends_on:%d %b %Y}",
                left,
            ]
            items = [QStandardItem(text) for text in cells]
            for item in items:
                item.setEditable(False)
                item.setData(entry.assignment_id, Qt.ItemDataRole.UserRole)
            self.model.appendRow(items)
        self._select_initial()
        ending = sum(1 for e in entries if e.days_left <= ENDING_DAYS)
        summary = (
            f"{len(entries):,} active caseload entries, {ending:,} ending within {ENDING_DAYS} days"
        )
        self.status.setText(f"{summary}." if entries else "There is no active caseload entry.")

    def _select_initial(self) -> None:
        wanted = self.chosen_first or {
            e.assignment_id for e in self.entries if e.days_left <= ENDING_DAYS
        }
        self.select_assignments(wanted)

    def select_assignments(self, ids: set[int]) -> None:
        """Choose these caseload entries (by assignment id)."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(Qt.ItemDataRole.UserRole) in ids:
                selection.select(index, flags)

    def chosen(self) -> list[int]:
        """Assignment ids of the chosen rows, in the order shown."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]

    def _update_buttons(self, *_args: Any) -> None:
        enabled = bool(self.chosen())
        self.pdf_button.setEnabled(enabled)
        self.html_button.setEnabled(enabled)

    # -- saving ----------------------------------------------------------------------------
    def choose_file(self, suffix: str) -> None:
        """Ask where to save the pack of the chosen entries."""
        ids = self.chosen()
        if not ids:
            return
        entry = next(e for e in self.entries if e.assignment_id == ids[0])
        who = entry.facilitator_name.lower().replace(" ", "-")
        name = f"handover-{who}-{entry.ends_on:%Y-%m-%d}.{suffix}"
        kind = "PDF files (*.pdf)" if suffix == "pdf" else "Web pages (*.html)"
        path, _ = QFileDialog.getSaveFileName(self, "Save the hand-over pack", name, kind)
        if path:
            self.save_to(Path(path if Path(path).suffix else f"{path}.{suffix}"), ids)

    def save_to(self, out: Path, assignment_ids: list[int] | None = None) -> None:
        """Gather the pack on the thread pool, then write ``out`` (.pdf or .html)."""
        ids = assignment_ids if assignment_ids is not None else self.chosen()
        self._target = out
        self.pdf_button.setEnabled(False)
        self.html_button.setEnabled(False)
        self.status.setText(f"Gathering the pack for {len(ids)} communities…")
        run_task(
            handover_pack,
            self.database,
            assignment_ids=ids,
            today=self.today,
            on_done=self._write,
            on_error=self._failed,
        )

    def _write(self, pack: HandoverPack) -> None:
        try:
            save_handover(pack, self._target)
        except (OSError, ValueError) as exc:
            self._failed(exc)
            return
        self.saved = self._target
        self._update_buttons()
        count = len(pack.communities)
        self.status.setText(f"Saved the pack for {count} communities to {self._target}.")
        self.open_button.setVisible(True)

    def _failed(self, error: BaseException) -> None:
        log.error("hand-over pack failed", exc_info=error)
        self._update_buttons()
        self.status.setText(f"Could not make the pack: {error}")

    def open_file(self) -> None:
        """Open the saved pack in the system's viewer."""
        if self.saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved)))


def open_handover(parent: QWidget, database: Database, chosen: Any = ()) -> HandoverDialog:
    """Show the dialog (File → Hand-over pack…)."""
    dialog = HandoverDialog(database, parent, chosen=chosen)
    dialog.open()
    return dialog

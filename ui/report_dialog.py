"""File → Monthly report…: choose the month and the format, save, and open the file."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator.db import Database
from coordinator.reporting.history import shift_month
from coordinator.reporting.monthly import MonthlyReport, default_month, monthly_report
from coordinator_ui.report_pdf import save_monthly_report
from coordinator_ui.workers import run_task

log = logging.getLogger(__name__)

MONTHS_OFFERED = 24
_FORMATS = (
    ("PDF — to send upwards", "pdf", "PDF files (*.pdf)"),
    ("HTML — one self-contained page", "html", "Web pages (*.html)"),
    ("CSV — the figures, for a spreadsheet", "csv", "CSV files (*.csv)"),
)


class MonthlyReportDialog(QDialog):
    """Pick a month and a format; the report is gathered off the GUI thread, then saved."""

    def __init__(
        self, database: Database, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle("Monthly report")
        self.saved: Path | None = None
        self._target = Path()
        self.error = ""
        heading = QLabel("Monthly report")
        heading.setObjectName("PageTitle")
        note = QLabel(
            "The Dashboard's figures and charts for one month, what changed since the month "
            "before, check-ins done vs planned per volunteer, webinar attendance and recognition."
        )
        note.setObjectName("Muted")
        note.setWordWrap(True)
        self.month = QComboBox()
        first = default_month(today or date.today())
        for k in range(MONTHS_OFFERED):
            month = shift_month(first, -k)
            self.month.addItem(f"{month:%B %Y}", month)
        self.format = QComboBox()
        for label, suffix, _filter in _FORMATS:
            self.format.addItem(label, suffix)
        form = QFormLayout()
        form.addRow("Month", self.month)
        form.addRow("Format", self.format)
        self.status = QLabel("")
        self.status.setObjectName("Muted")
        self.status.setWordWrap(True)
        self.open_button = QPushButton("Open the file")
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self.open_file)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton("Save…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.open_button)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 72, self.sizeHint().height())

    def chosen_month(self) -> date:
        return self.month.currentData()

    def choose_file(self) -> None:
        """Ask where to save, then save."""
        suffix = self.format.currentData()
        name = f"coordinator-report-{self.chosen_month():%Y-%m}.{suffix}"
        filters = next(f for _label, s, f in _FORMATS if s == suffix)
        path, _ = QFileDialog.getSaveFileName(self, "Save the monthly report", name, filters)
        if path:
            if not Path(path).suffix:
                path = f"{path}.{suffix}"
            self.save_to(Path(path))

    def save_to(self, out: Path) -> None:
        """Gather the report on the thread pool, then write ``out`` (PDF pages need this thread)."""
        self.save_button.setEnabled(False)
        self.open_button.setVisible(False)
        self.status.setText(f"Gathering the figures for {self.chosen_month():%B %Y}…")
        self._target = out
        run_task(
            monthly_report,
            self.database,
            self.chosen_month(),
            on_done=self._write,
            on_error=self._failed,
        )

    def _write(self, report: MonthlyReport) -> None:
        out = self._target
        try:
            save_monthly_report(report, out)
        except (OSError, ValueError) as exc:
            self._failed(exc)
            return
        self.saved = out
        self.save_button.setEnabled(True)
        self.status.setText(f"Saved the report for {report.month:%B %Y} to {out}.")
        self.open_button.setVisible(True)

    def _failed(self, error: BaseException) -> None:
        log.error("monthly report failed", exc_info=error)
        self.save_button.setEnabled(True)
        self.error = str(error)
        self.status.setText(f"Could not make the report: {error}")

    def open_file(self) -> None:
        """Open the saved file in the system's viewer."""
        if self.saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved)))


def open_monthly_report(parent: QWidget, database: Database) -> MonthlyReportDialog:
    """Show the dialog (File → Monthly report…)."""
    dialog = MonthlyReportDialog(database, parent)
    dialog.open()
    return dialog

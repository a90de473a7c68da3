"""The import wizard's preview and progress pages (checking and writing run on the pool)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from coordinator.importing import (
    ImportPreview,
    ImportRefused,
    RowProblem,
    preview_import,
    run_import,
)
from coordinator_ui.table_models import Column, RowTableModel
from coordinator_ui.theme import MUTED, icon
from coordinator_ui.workers import run_task

_STATUS = {
    "new": ("New", "add", "#3aa76d"),
    "update": ("Update", "edit", "#2f5bea"),
    "unchanged": ("Unchanged", "check", MUTED),
    "error": ("Problem", "error", "#d9363e"),
}


@dataclass(frozen=True)
class PreviewRow:
    """One row of the file as the preview shows it."""

    number: int
    status: str
    cells: dict[str, str]
    problems: tuple[RowProblem, ...]

    @property
    def problem_text(self) -> str:
        return "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in self.problems)


def _status_icon(row: PreviewRow) -> QIcon:
    _label, name, color = _STATUS.get(row.status, _STATUS["error"])
    return icon(name, color)


def _cell(column: str) -> Any:
    def text(row: PreviewRow, _now: datetime) -> str:
        return row.cells.get(column, "")

    return text


def preview_columns(columns: list[str]) -> list[Column[PreviewRow]]:
    """Row number, status, every column of the file, and the row's problems."""
    return [
        Column("row", "Row", lambda r, _: str(r.number), sort=lambda r: r.number, width_chars=4),
        Column(
            "status",
            "Status",
            lambda r, _: _STATUS.get(r.status, _STATUS["error"])[0],
            icon=_status_icon,
            width_chars=11,
        ),
        Column(
            "problems",
            "Problems",
            lambda r, _: r.problem_text,
            tooltip=lambda r, _: "\n".join(str(p) for p in r.problems),
            width_chars=36,
        ),
        *[
            Column(f"col:{c}", c, _cell(c), width_chars=max(8, min(len(c) + 4, 24)))
            for c in columns
        ],
    ]


def preview_rows(preview: ImportPreview) -> list[PreviewRow]:
    """The preview's rows with their own problems attached."""
    by_row: dict[int, list[RowProblem]] = {}
    for problem in preview.problems:
        by_row.setdefault(problem.row, []).append(problem)
    numbers = preview.row_numbers or list(range(2, len(preview.rows) + 2))
    return [
        PreviewRow(number, status, cells, tuple(by_row.get(number, ())))
        for number, status, cells in zip(numbers, preview.rows_status, preview.rows, strict=False)
    ]


def _table() -> QTableView:
    table = QTableView()
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() * 2)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def _fit_columns(table: QTableView) -> None:
    """Size columns to their contents (from the first rows), never wider than ~45 characters."""
    table.horizontalHeader().setResizeContentsPrecision(100)
    table.resizeColumnsToContents()
    widest = table.fontMetrics().averageCharWidth() * 45
    for i in range(table.model().columnCount()):
        table.setColumnWidth(i, min(table.columnWidth(i) + 12, widest))


class PreviewPage(QWizardPage):
    """Shows every row with its status and every problem before anything is written."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Check the rows")
        self.setSubTitle("Nothing has been written yet. Every row is checked against the database.")
        self.preview: ImportPreview | None = None
        self.error = ""
        self.summary = QLabel("Reading the file…")
        self.summary.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setProperty("role", "hint")
        self.warnings.setWordWrap(True)
        self.again = QPushButton(icon("undo"), "Check again")
        self.again.setToolTip("Read the file again after fixing it")
        self.again.clicked.connect(self.check)
        self.rows_model: RowTableModel[PreviewRow] = RowTableModel(preview_columns([]), self)
        self.rows_table = _table()
        self.rows_table.setModel(self.rows_model)
        self.problems_model: RowTableModel[RowProblem] = RowTableModel(
            [
                Column(
                    "row", "Row", lambda p, _: str(p.row) if p.row > 0 else "file", width_chars=5
                ),
                Column("field", "Column", lambda p, _: p.field, width_chars=16),
                Column("message", "Problem", lambda p, _: p.message, width_chars=50),
            ],
            self,
        )
        self.problems_table = _table()
        self.problems_table.setModel(self.problems_model)
        self.problems_title = QLabel("Problems")
        self.problems_title.setObjectName("SectionTitle")
        header = QHBoxLayout()
        header.addWidget(self.summary, 1)
        header.addWidget(self.again)
        problems_box = QVBoxLayout()
        problems_box.setContentsMargins(0, 0, 0, 0)
        problems_box.addWidget(self.problems_title)
        problems_box.addWidget(self.problems_table)
        problems = QWidget()
        problems.setLayout(problems_box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.rows_table)
        split.addWidget(problems)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.warnings)
        layout.addWidget(split, 1)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Import")

    def initializePage(self) -> None:
        self.check()

    def check(self) -> None:
        """Read and check the file on the thread pool."""
        wizard: Any = self.wizard()
        self.preview, self.error = None, ""
        self.summary.setText(f"Reading {wizard.path().name}…")
        self.again.setEnabled(False)
        self.completeChanged.emit()
        run_task(
            preview_import,
            wizard.database,
            wizard.path(),
            wizard.kind(),
            on_done=self._on_preview,
            on_error=self._on_error,
        )

    def _on_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.again.setEnabled(True)
        self.rows_model.columns = preview_columns(preview.columns)
        self.rows_model.set_rows(preview_rows(preview))
        self.problems_model.set_rows(preview.problems)
        self.rows_table.setColumnHidden(2, preview.ok())  # the Problems column
        _fit_columns(self.rows_table)
        _fit_columns(self.problems_table)
        self.problems_table.setVisible(not preview.ok())
        counts = ", ".join(
            f"{preview.rows_status.count(status)} {label.lower()}"
            for status, (label, _i, _c) in _STATUS.items()
            if preview.rows_status.count(status)
        )
        noun = preview.kind.noun
        if preview.ok():
            self.summary.setText(
                f"<b>{len(preview.rows)} rows of {noun}</b> ({counts}). "
                "Press <b>Import</b> to write them in one step."
            )
            self.problems_title.setText("No problems found")
        else:
            self.summary.setText(
                f"<b>{len(preview.problems)} problems</b> in {len(preview.rows)} rows of {noun} "
                f"({counts}). Nothing can be imported until they are fixed in the file; "
                "then press <i>Check again</i>."
            )
            self.problems_title.setText(f"Problems ({len(preview.problems)})")
        self.warnings.setText("\n".join(f"Note: {w}" for w in preview.warnings))
        self.warnings.setVisible(bool(preview.warnings))
        self.completeChanged.emit()

    def _on_error(self, error: BaseException) -> None:
        self.again.setEnabled(True)
        problems = error.problems if isinstance(error, ImportRefused) else []
        self.error = str(error)
        self.summary.setText(f"<b>The file cannot be imported.</b> {self.error.splitlines()[0]}")
        self.rows_model.set_rows([])
        self.problems_model.set_rows(problems or [RowProblem(0, "", self.error)])
        _fit_columns(self.problems_table)
        self.problems_table.setVisible(True)
        self.problems_title.setText("Problems")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.preview is not None and self.preview.ok()


class ProgressPage(QWizardPage):
    """Writes the rows in one transaction on the thread pool, with a progress bar."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Importing")
        self.setSubTitle("All rows are written in one transaction: all of them, or none.")
        self.summary: Any = None
        self.error = ""
        self.label = QLabel("Starting…")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addStretch(2)

    def initializePage(self) -> None:
        wizard: Any = self.wizard()
        self.summary, self.error = None, ""
        self.label.setText(f"Importing {wizard.path().name}…")
        run_task(
            run_import,
            wizard.database,
            wizard.path(),
            wizard.kind(),
            progress_keyword="progress",
            on_done=self._on_done,
            on_error=self._on_error,
            on_progress=self._on_progress,
        )

    def _on_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.label.setText(f"Writing row {done:,} of {total:,}…")

    def _on_done(self, summary: Any) -> None:
        self.summary = summary
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.label.setText(str(summary))
        self.completeChanged.emit()
        wizard: Any = self.wizard()
        wizard.import_finished(summary)

    def _on_error(self, error: BaseException) -> None:
        self.error = str(error)
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.label.setText(f"Nothing was imported. {self.error}")
        self.label.setWordWrap(True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.summary is not None

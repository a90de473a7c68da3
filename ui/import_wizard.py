"""File → Import…: choose a CSV/XLSX file, preview every row, import in one step, see a summary."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from coordinator.db import Database
from coordinator.importing import ImportKind, ImportSummary
from coordinator_ui.form_widgets import hint_label
from coordinator_ui.import_pages import PreviewPage, ProgressPage
from coordinator_ui.theme import icon

SUFFIXES = (".csv", ".xlsx")
_KINDS = (
    ("Work it out from the columns", None),
    ("Communities", ImportKind.COMMUNITIES),
    ("Volunteers", ImportKind.FACILITATORS),
    ("Monthly activity", ImportKind.ACTIVITY),
)


class ChooseFilePage(QWizardPage):
    """Pick the file and what it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Choose a file")
        self.setSubTitle("A CSV or Excel (.xlsx) file with a header row.")
        self.path = QLineEdit()
        self.path.setPlaceholderText("Path of a .csv or .xlsx file")
        self.browse = QPushButton(icon("file"), "Browse…")
        self.browse.clicked.connect(self.choose)
        self.kind = QComboBox()
        for text, kind in _KINDS:
            self.kind.addItem(text, kind)
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        file_box = QWidget()
        file_box.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow("&File", file_box)
        form.addRow("", self.problem)
        form.addRow("&Contains", self.kind)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            hint_label(
                "Columns — communities: name, kind, host_name, host_email, time_zone, language, "
                "members, topics, created_on, showcase, help_requested. Volunteers: name, email, "
                "time_zone, languages, work_start, work_end, work_days, capacity, skills, "
                "available_from, available_until. Activity: community, month, active_members, "
                "posts, replies. Lists are separated by semicolons; existing rows are updated."
            )
        )
        layout.addStretch(1)
        self.path.textChanged.connect(self._on_path)

    def choose(self) -> None:
        """Browse for the file."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Import file", self.path.text(), "Spreadsheets (*.csv *.xlsx);;All files (*)"
        )
        if chosen:
            self.path.setText(chosen)

    def _on_path(self, _text: str) -> None:
        self.problem.setText(self._problem())
        self.completeChanged.emit()

    def _problem(self) -> str:
        text = self.path.text().strip()
        if not text:
            return ""
        path = Path(text).expanduser()
        if path.suffix.casefold() not in SUFFIXES:
            return "Choose a .csv or .xlsx file."
        if not path.is_file():
            return "There is no such file."
        return ""

    def isComplete(self) -> bool:
        return bool(self.path.text().strip()) and not self._problem()


class SummaryPage(QWizardPage):
    """What the import did: added, updated, unchanged, and any notes."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Imported")
        self.setSubTitle("Everything was written in one transaction; the lists are up to date.")
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        for column, name in enumerate(("added", "updated", "unchanged")):
            value = QLabel("0")
            value.setObjectName("CardValue")
            grid.addWidget(value, 0, column)
            grid.addWidget(QLabel(name.capitalize()), 1, column)
            self.figures[name] = value
        grid.setColumnStretch(3, 1)
        self.notes = hint_label("")
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addSpacing(12)
        layout.addLayout(grid)
        layout.addSpacing(12)
        layout.addWidget(self.notes)
        layout.addStretch(1)

    def show_summary(self, summary: ImportSummary) -> None:
        self.headline.setText(f"{summary}.")
        for name, label in self.figures.items():
            label.setText(f"{getattr(summary, name):,}")
        self.notes.setText("\n".join(f"Note: {w}" for w in summary.warnings))


class ImportWizard(QWizard):
    """Import communities, volunteers or activity from a file; nothing is written before Import."""

    imported = Signal(str)  # the summary line

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ImportWizard")
        self.database = database
        self.setWindowTitle("Import")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.choose_page = ChooseFilePage()
        self.preview_page = PreviewPage()
        self.progress_page = ProgressPage()
        self.summary_page = SummaryPage()
        for page in (self.choose_page, self.preview_page, self.progress_page, self.summary_page):
            self.addPage(page)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 170, self.fontMetrics().height() * 40)

    def path(self) -> Path:
        """The chosen file."""
        return Path(self.choose_page.path.text().strip()).expanduser()

    def kind(self) -> ImportKind | None:
        """What the file holds, or None to detect it from the columns."""
        return self.choose_page.kind.currentData()

    def import_finished(self, summary: ImportSummary) -> None:
        """Called by the progress page: show the summary and tell the window to reload."""
        self.summary_page.show_summary(summary)
        self.imported.emit(str(summary))
        self.next()

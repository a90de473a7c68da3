"""File → Export calendar… (and a volunteer's or community's context menu): an .ics file.

The export runs on the thread pool (the whole programme is thousands of series); the dialog
only collects the choice and shows what was written. Publishing lives in ``calendar_publish``.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coordinator.db import Database
from coordinator.ics.calendar import CalendarFile, default_period, export_calendar
from coordinator.ics.scopes import (
    CalendarScope,
    ScopeKind,
    community_choices,
    community_scope,
    volunteer_choices,
    volunteer_scope,
)
from coordinator_ui.form_widgets import OptionalDate, banner, dialog_buttons, hint_label
from coordinator_ui.window_state import read_text, ui_settings
from coordinator_ui.workers import run_task

_FOLDER_SETTING = "calendar/export_folder"


def documents_folder() -> str:
    """The platform's Documents folder (where a first export is suggested)."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _write(
    database: Database, kind: ScopeKind, key: int | None, out: Path, start: date, end: date | None
) -> CalendarFile:
    """Worker: resolve the scope and write the file (runs on the thread pool)."""
    with database.reading() as session:
        if kind == ScopeKind.VOLUNTEER:
            scope = volunteer_scope(session, int(key or 0))
        elif kind == ScopeKind.COMMUNITY:
            scope = community_scope(session, int(key or 0))
        else:
            scope = CalendarScope(kind)
    return export_calendar(database, out, scope, start, end)


def failure_text(exc: BaseException) -> str:
    """What went wrong, for a person: the system's reason and the file it concerns."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror.lower()} ({exc.filename})" if exc.filename else exc.strerror
    return str(exc)


class StatusLine(QWidget):
    """A busy bar while working, then one line saying what happened (or what went wrong)."""

    def __init__(self) -> None:
        super().__init__()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(6)
        self.bar.hide()
        self.message = hint_label("")
        self.error = banner()
        layout = QVBoxLayout(self)
        # Never smaller than the contents: wrapped labels would otherwise squeeze the fields.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.setSpacing(10)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.error)

    def busy(self, text: str) -> None:
        """Show the busy bar and what is being done."""
        self.bar.show()
        self.error.hide()
        self._say(text)

    def done(self, text: str) -> None:
        """Say what was done."""
        self.bar.hide()
        self._say(text)

    def failed(self, text: str) -> None:
        """Say what went wrong, in the error colour."""
        self.bar.hide()
        self.message.setText("")
        self.error.setText(text)
        self.error.show()
        self._grow()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self._grow()

    def _grow(self) -> None:
        # A wrapped message adds lines: let the dialog grow instead of squeezing its fields.
        window = self.window()
        if window is not self and window.height() < window.sizeHint().height():
            window.resize(window.width(), window.sizeHint().height())


class ExportCalendarDialog(QDialog):
    """Choose what to export (a volunteer, a community, the webinars, everything) and where."""

    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        *,
        facilitator_id: int | None = None,
        community_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ExportCalendarDialog")
        self.setWindowTitle("Export calendar")
        self.database = database
        self.settings = ui_settings()
        self.result_file: CalendarFile | None = None
        with database.reading() as session:
            volunteers, communities = volunteer_choices(session), community_choices(session)

        self.volunteer = QComboBox()
        for key, name, email in volunteers:
            self.volunteer.addItem(f"{name} — {email}", key)
        self.community = QComboBox()
        for key, name in communities:
            self.community.addItem(name, key)
        for combo in (self.volunteer, self.community):
            combo.setMinimumContentsLength(32)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.kinds = QButtonGroup(self)
        self.radios: dict[ScopeKind, QRadioButton] = {}
        scope_box = QGroupBox("What to export")
        scope_layout = QVBoxLayout(scope_box)
        grid = QGridLayout()
        scope_layout.addLayout(grid)
        rows = (
            (ScopeKind.VOLUNTEER, "One volunteer", self.volunteer),
            (ScopeKind.COMMUNITY, "One community", self.community),
            (ScopeKind.WEBINARS, "The webinar programme", None),
            (ScopeKind.PROGRAMME, "The whole programme", None),
        )
        for row, (kind, text, picker) in enumerate(rows):
            radio = QRadioButton(text)
            self.kinds.addButton(radio, row)
            self.radios[kind] = radio
            grid.addWidget(radio, row, 0)
            if picker is not None:
                grid.addWidget(picker, row, 1)
                radio.toggled.connect(picker.setEnabled)
                picker.setEnabled(False)
            radio.toggled.connect(self._suggest_name)
        grid.setColumnStretch(1, 1)
        scope_layout.addWidget(
            hint_label(
                "A volunteer's calendar holds their check-ins and every webinar session; a "
                "community's, its check-ins. Each series is one recurring event, so importing a "
                "newer file updates the events instead of adding copies."
            )
        )

        start, _end = default_period()
        self.start = QDateEdit(_qdate(start))
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.end = OptionalDate("Until")
        self.end.editor.setDate(_qdate(date.today() + timedelta(days=365)))  # once ticked
        period = QGroupBox("Period")
        dates = QHBoxLayout()
        dates.addWidget(QLabel("From"))
        dates.addWidget(self.start)
        dates.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        dates.addWidget(self.end)
        period_layout = QVBoxLayout(period)
        period_layout.addLayout(dates)
        period_layout.addWidget(
            hint_label("Series that ended before From, or start after Until, are left out.")
        )

        self.path = QLineEdit()
        self.path.setObjectName("ExportPath")
        self.path.textEdited.connect(self._on_path_edited)
        browse = QPushButton("Browse…")
        browse.setAutoDefault(False)  # Enter exports; it does not open the file dialog
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        file_box = QGroupBox("File")
        QVBoxLayout(file_box).addLayout(file_row)

        self.status = StatusLine()
        box, self.ok = dialog_buttons(self, "Export")
        self.ok.clicked.connect(self.export)
        self.close_button = box.button(box.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        for widget in (scope_box, period, file_box, self.status, box):
            layout.addWidget(widget)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 96)
        self._named_by_hand = False
        self._select(facilitator_id, community_id)
        self.resize(self.sizeHint())  # wrapped text: its height is computed for this width

    def _select(self, facilitator_id: int | None, community_id: int | None) -> None:
        kind = ScopeKind.PROGRAMME
        if facilitator_id is not None:
            kind = ScopeKind.VOLUNTEER
            self.volunteer.setCurrentIndex(max(0, self.volunteer.findData(facilitator_id)))
        elif community_id is not None:
            kind = ScopeKind.COMMUNITY
            self.community.setCurrentIndex(max(0, self.community.findData(community_id)))
        self.radios[ScopeKind.VOLUNTEER].setEnabled(self.volunteer.count() > 0)
        self.radios[ScopeKind.COMMUNITY].setEnabled(self.community.count() > 0)
        self.radios[kind].setChecked(True)
        self.volunteer.currentIndexChanged.connect(self._suggest_name)
        self.community.currentIndexChanged.connect(self._suggest_name)
        self._suggest_name()

    def kind(self) -> ScopeKind:
        """The scope chosen with the radio buttons."""
        return next(kind for kind, radio in self.radios.items() if radio.isChecked())

    def _key(self) -> int | None:
        if self.kind() == ScopeKind.VOLUNTEER:
            return self.volunteer.currentData()
        if self.kind() == ScopeKind.COMMUNITY:
            return self.community.currentData()
        return None

    def _suggest_name(self, *_args: Any) -> None:
        """Name the file after the choice, unless the person typed a name of their own."""
        if self._named_by_hand or not any(r.isChecked() for r in self.radios.values()):
            return
        kind = self.kind()
        if kind == ScopeKind.VOLUNTEER:
            stem = CalendarScope(kind, email=self.volunteer.currentText().split(" — ")[-1])
        elif kind == ScopeKind.COMMUNITY:
            stem = CalendarScope(kind, label=self.community.currentText())
        else:
            stem = CalendarScope(kind)
        folder = read_text(self.settings, _FOLDER_SETTING) or documents_folder() or str(Path.home())
        self.path.setText(str(Path(folder) / f"{stem.file_stem}.ics"))

    def _on_path_edited(self, _text: str) -> None:
        self._named_by_hand = True

    def browse(self) -> None:
        """Choose the file with the platform's save dialog."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export calendar", self.path.text(), "iCalendar files (*.ics)"
        )
        if chosen:
            self._named_by_hand = True
            self.path.setText(chosen)

    def export(self) -> None:
        """Write the file on the thread pool; the dialog says what was written."""
        text = self.path.text().strip()
        if not text:
            self.status.failed("Choose a file to write.")
            return
        out = Path(text).expanduser()
        if out.suffix.lower() != ".ics":
            out = out.with_name(f"{out.name}.ics")
            self.path.setText(str(out))
        start = self.start.date().toPython()
        end = self.end.value()
        if end is not None and end < start:
            self.status.failed("Until is before From.")
            return
        self.settings.setValue(_FOLDER_SETTING, str(out.parent))
        self.ok.setEnabled(False)
        self.status.busy("Writing the calendar…")
        run_task(
            _write,
            self.database,
            self.kind(),
            self._key(),
            out,
            start,
            end,
            on_done=self._on_done,
            on_error=self._on_error,
        )

    def _on_done(self, result: CalendarFile) -> None:
        self.result_file = result
        self.ok.setEnabled(True)
        self.close_button.setText("Close")
        self.status.done(
            f"Saved {result.path.name}: {result.series} recurring series, "
            f"{max(1, round(result.size_bytes / 1024))} KiB. Import it into Outlook, Google "
            "Calendar, Apple Calendar or Thunderbird; importing it again later updates it."
        )

    def _on_error(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.status.failed(f"The calendar was not saved: {failure_text(exc)}.")


def open_export_dialog(parent: QWidget | None, database: Database) -> ExportCalendarDialog:
    """File → Export calendar…: the dialog with the whole programme chosen."""
    dialog = ExportCalendarDialog(database, parent)
    dialog.open()
    return dialog


def export_for(
    parent: QWidget | None,
    database: Database,
    *,
    facilitator_id: int | None = None,
    community_id: int | None = None,
) -> ExportCalendarDialog:
    """A volunteer's or community's context menu: the dialog with that one chosen."""
    dialog = ExportCalendarDialog(
        database, parent, facilitator_id=facilitator_id, community_id=community_id
    )
    dialog.open()
    return dialog

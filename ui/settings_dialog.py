"""The Settings dialog: programme-wide defaults (the fields of ``Settings``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coordinator import editing
from coordinator.db import Database
from coordinator.domain import Cadence
from coordinator.settings import HealthThresholds, Settings
from coordinator_ui.form_widgets import (
    FieldErrors,
    WeekdayPicker,
    banner,
    dialog_buttons,
    set_time,
    time_edit,
    time_of,
    with_error,
)

Submit = Callable[[Settings], str | None]


def _spin(low: int, high: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    return spin


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    return form


def _percent() -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, 100.0)
    spin.setDecimals(1)
    spin.setSingleStep(1.0)
    spin.setSuffix(" %")
    return spin


class SettingsDialog(QDialog):
    """Edit the programme's defaults; ``submit`` saves them (undoable) or returns why not."""

    def __init__(self, database: Database, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.setWindowTitle("Settings")
        self._submit = submit
        self._current = editing.read_settings(database)
        self.errors = FieldErrors(reveal_all=True)

        self.capacity = _spin(0, 100, " communities")
        self.hand_holding = _spin(1, 36, " months")
        self.cadence = QComboBox()
        for cadence in Cadence:
            self.cadence.addItem(cadence.value.capitalize(), cadence)
        self.check_in_minutes = _spin(5, 240, " min")
        self.reminders = QLineEdit()
        self.reminders.setPlaceholderText("1 day; 15 min")
        self.overdue = _spin(1, 365, " days")
        self.work_start = time_edit(self._current.host_work_start)
        self.work_end = time_edit(self._current.host_work_end)
        self.work_days = WeekdayPicker()
        self.overlap = _spin(5, 600, " min")
        self.quiet = _percent()
        self.active = _percent()
        self.really_active = _percent()
        self.backups_kept = _spin(1, 100, " backups")

        caseloads = QGroupBox("Caseloads")
        form = _form(caseloads)
        form.addRow("Default capacity", self.capacity)
        form.addRow("Hand-holding period", self.hand_holding)

        backups = QGroupBox("Backups")
        form = _form(backups)
        form.addRow("Keep the newest", self.backups_kept)

        check_ins = QGroupBox("Check-ins and reminders")
        form = _form(check_ins)
        form.addRow("Cadence", self.cadence)
        form.addRow("Length", self.check_in_minutes)
        form.addRow("Overdue after", self.overdue)
        form.addRow(
            "Reminders before",
            with_error(
                self.reminders,
                self.errors.add("reminders", self.reminders),
                "e.g. 1 day; 2 h; 15 min",
            ),
        )

        hosts = QGroupBox("Hosts")
        form = _form(hosts)
        hours = QHBoxLayout()
        hours.addWidget(self.work_start)
        hours.addWidget(QLabel("to"))
        hours.addWidget(self.work_end)
        hours.addStretch(1)
        hours_box = QWidget()
        hours_box.setLayout(hours)
        hours.setContentsMargins(0, 0, 0, 0)
        form.addRow(
            "Working hours",
            with_error(hours_box, self.errors.add("hours", self.work_start, self.work_end)),
        )
        form.addRow("Working days", with_error(self.work_days, self.errors.add("days")))
        form.addRow("Minimum overlap", self.overlap)

        health = QGroupBox("Health bands (share of members active in a month)")
        grid = QGridLayout(health)
        grid.addWidget(QLabel("Quiet above"), 0, 0)
        grid.addWidget(self.quiet, 0, 1)
        grid.addWidget(QLabel("Active from"), 1, 0)
        grid.addWidget(self.active, 1, 1)
        grid.addWidget(QLabel("Really active from"), 2, 0)
        grid.addWidget(self.really_active, 2, 1)
        grid.setColumnStretch(2, 1)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(caseloads)
        left.addWidget(check_ins)
        left.addWidget(backups)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(hosts)
        right.addWidget(health)
        right.addStretch(1)
        columns.addLayout(left)
        columns.addLayout(right)

        self.banner = banner()
        buttons, self.ok = dialog_buttons(self, "Save")
        buttons.accepted.connect(self._on_ok)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(columns)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)

        self._fill(self._current)
        for signal in (
            self.capacity.valueChanged,
            self.hand_holding.valueChanged,
            self.cadence.currentIndexChanged,
            self.check_in_minutes.valueChanged,
            self.reminders.textChanged,
            self.overdue.valueChanged,
            self.work_start.timeChanged,
            self.work_end.timeChanged,
            self.work_days.changed,
            self.overlap.valueChanged,
            self.quiet.valueChanged,
            self.active.valueChanged,
            self.really_active.valueChanged,
            self.backups_kept.valueChanged,
        ):
            signal.connect(self.validate)
        self.validate()

    def _fill(self, s: Settings) -> None:
        self.capacity.setValue(s.default_capacity)
        self.hand_holding.setValue(s.hand_holding_months)
        self.cadence.setCurrentIndex(max(self.cadence.findData(s.check_in_cadence), 0))
        self.check_in_minutes.setValue(s.check_in_minutes)
        self.reminders.setText(editing.format_lead_times(s.reminder_lead_minutes))
        self.overdue.setValue(s.overdue_days)
        set_time(self.work_start, s.host_work_start)
        set_time(self.work_end, s.host_work_end)
        self.work_days.set_value(s.host_work_days)
        self.overlap.setValue(s.min_overlap_minutes)
        self.quiet.setValue(s.health.quiet_share * 100)
        self.active.setValue(s.health.active_share * 100)
        self.really_active.setValue(s.health.really_active_share * 100)
        self.backups_kept.setValue(s.backups_kept)

    def settings(self) -> tuple[Settings | None, dict[str, str]]:
        """The settings the dialog shows, or None with the problems per field."""
        problems: dict[str, str] = {}
        try:
            lead_times = editing.parse_lead_times(self.reminders.text())
        except ValueError as exc:
            problems["reminders"] = str(exc)
            lead_times = ()
        days = self.work_days.value()
        if days is None:
            problems["days"] = "choose at least one working day"
        if time_of(self.work_end) <= time_of(self.work_start):
            problems["hours"] = "working hours must end after they start"
        if problems or days is None:
            return None, problems
        candidate = replace(
            self._current,
            default_capacity=self.capacity.value(),
            hand_holding_months=self.hand_holding.value(),
            check_in_cadence=Cadence(self.cadence.currentData()),
            check_in_minutes=self.check_in_minutes.value(),
            reminder_lead_minutes=lead_times,
            overdue_days=self.overdue.value(),
            host_work_start=time_of(self.work_start),
            host_work_end=time_of(self.work_end),
            host_work_days=days,
            min_overlap_minutes=self.overlap.value(),
            health=HealthThresholds(
                quiet_share=self.quiet.value() / 100,
                active_share=self.active.value() / 100,
                really_active_share=self.really_active.value() / 100,
            ),
            backups_kept=self.backups_kept.value(),
        )
        try:
            candidate.validate()
        except ValueError as exc:
            return None, {"": str(exc)}
        return candidate, {}

    def validate(self, *_args: object) -> bool:
        """Show problems beside their fields; Save is enabled only when there is none."""
        candidate, problems = self.settings()
        self.errors.show(problems)
        general = problems.get("", "")
        self.banner.setText(general[:1].upper() + general[1:])
        self.banner.setVisible(bool(general))
        self.ok.setEnabled(candidate is not None)
        return candidate is not None

    def _on_ok(self) -> None:
        candidate, _ = self.settings()
        if candidate is None:
            return
        if candidate == self._current:
            self.accept()
            return
        message = self._submit(candidate)
        if message:
            self.banner.setText(message)
            self.banner.setVisible(True)
            return
        self.accept()

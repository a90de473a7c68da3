"""Add/edit form of a volunteer facilitator: validated as you type, nothing saved until valid."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coordinator.domain import MON_FRI, split_list
from coordinator.editing import FacilitatorFields, facilitator_problems
from coordinator.settings import Settings
from coordinator_ui.form_widgets import (
    OptionalDate,
    WeekdayPicker,
    set_time,
    time_edit,
    time_of,
    with_error,
)
from coordinator_ui.record_form import RecordForm
from coordinator_ui.zone_picker import ZonePicker

Submit = Callable[[FacilitatorFields], str | None]


class VolunteerForm(RecordForm[FacilitatorFields]):
    """Edit a volunteer's values; ``submit`` saves them and returns an error message or None."""

    def __init__(
        self,
        submit: Submit,
        *,
        values: FacilitatorFields | None = None,
        record_id: int | None = None,
        taken_emails: dict[str, int] | None = None,
        languages: list[str] | None = None,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            submit,
            values=values,
            record_id=record_id,
            taken=taken_emails,
            noun="volunteer",
            parent=parent,
        )
        self.setObjectName("VolunteerForm")
        defaults = settings or Settings()

        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Mara Lindqvist")
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.com")
        self.zone = ZonePicker()
        self.work_start = time_edit(time(9, 0))
        self.work_end = time_edit(time(17, 0))
        self.work_days = WeekdayPicker()
        self.work_days.set_value(defaults.host_work_days)
        self.languages = QLineEdit()
        self.languages.setPlaceholderText("English; Spanish")
        completer = QCompleter(languages or [], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.languages.setCompleter(completer)
        self.skills = QLineEdit()
        self.skills.setPlaceholderText("onboarding; lean; data")
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 1000)
        self.capacity.setValue(defaults.default_capacity)
        self.capacity.setSuffix(" communities")
        self.available_from = OptionalDate("From")
        self.available_until = OptionalDate("Until")
        self.active = QCheckBox("Active (takes part in caseload assignment)")
        self.active.setChecked(True)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Private notes")
        self.notes.setMaximumHeight(self.fontMetrics().height() * 5)

        hours = QHBoxLayout()
        hours.addWidget(self.work_start)
        hours.addWidget(QLabel("to"))
        hours.addWidget(self.work_end)
        hours.addWidget(QLabel("local time"))
        hours.addStretch(1)
        hours_box = QWidget()
        hours_box.setLayout(hours)
        hours.setContentsMargins(0, 0, 0, 0)
        availability = QVBoxLayout()
        availability.setSpacing(4)
        availability.addWidget(self.available_from)
        availability.addWidget(self.available_until)
        availability_box = QWidget()
        availability_box.setLayout(availability)
        availability.setContentsMargins(0, 0, 0, 0)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(8)
        form.addRow("&Name", with_error(self.name, self.errors.add("name", self.name)))
        form.addRow("&E-mail", with_error(self.email, self.errors.add("email", self.email)))
        form.addRow(
            "&Time zone", with_error(self.zone, self.errors.add("time_zone", self.zone.edit))
        )
        form.addRow(
            "Working &hours",
            with_error(hours_box, self.errors.add("work_hours", self.work_start, self.work_end)),
        )
        form.addRow(
            "Working &days",
            with_error(self.work_days, self.errors.add("work_days", self.work_days)),
        )
        form.addRow(
            "&Languages",
            with_error(
                self.languages,
                self.errors.add("languages", self.languages),
                "Separate with semicolons; the first is the one they prefer.",
            ),
        )
        form.addRow("&Skills", self.skills)
        form.addRow(
            "&Capacity", with_error(self.capacity, self.errors.add("capacity", self.capacity))
        )
        form.addRow(
            "Available",
            with_error(availability_box, self.errors.add("available", self.available_until)),
        )
        form.addRow("", self.active)
        form.addRow("Notes", self.notes)

        if values is not None:
            self._fill(values)
        signals = (
            self.name.textChanged,
            self.email.textChanged,
            self.zone.changed,
            self.work_start.timeChanged,
            self.work_end.timeChanged,
            self.work_days.changed,
            self.languages.textChanged,
            self.capacity.valueChanged,
            self.available_from.changed,
            self.available_until.changed,
        )
        self.finish((form,), signals, extra_width=16)

    def _fill(self, v: FacilitatorFields) -> None:
        self.name.setText(v.name)
        self.email.setText(v.email)
        self.zone.set_zone(v.time_zone)
        set_time(self.work_start, v.work_start)
        set_time(self.work_end, v.work_end)
        self.work_days.set_value(v.work_days)
        self.languages.setText("; ".join(v.languages))
        self.skills.setText("; ".join(v.skills))
        self.capacity.setValue(v.capacity)
        self.available_from.set_value(v.available_from)
        self.available_until.set_value(v.available_until)
        self.active.setChecked(v.active)
        self.notes.setPlainText(v.notes)

    def values(self) -> FacilitatorFields:
        """The values shown now (may be invalid; see ``problems``)."""
        # With no day ticked the form is invalid (see problems), so Mon-Fri is never saved.
        days = self.work_days.value() or MON_FRI
        return FacilitatorFields(
            name=self.name.text(),
            email=self.email.text(),
            time_zone=self.zone.zone(),
            work_start=time_of(self.work_start),
            work_end=time_of(self.work_end),
            work_days=days,
            languages=tuple(split_list(self.languages.text())),
            skills=tuple(split_list(self.skills.text())),
            capacity=self.capacity.value(),
            available_from=self.available_from.value(),
            available_until=self.available_until.value(),
            notes=self.notes.toPlainText(),
            active=self.active.isChecked(),
        )

    def problems(self) -> dict[str, str]:
        """What is wrong now, per field (the core's rules)."""
        problems = facilitator_problems(self.values(), self._taken, self._record_id)
        if self.work_days.value() is None:
            problems["work_days"] = "choose at least one working day"
        return problems

"""Add/edit form of a community: validated as you type, nothing saved until valid."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coordinator.domain import CommunityKind, split_list
from coordinator.editing import CommunityFields, community_problems
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

Submit = Callable[[CommunityFields], str | None]


class CommunityForm(RecordForm[CommunityFields]):
    """Edit a community's values; ``submit`` saves them and returns an error message or None."""

    def __init__(
        self,
        submit: Submit,
        *,
        values: CommunityFields | None = None,
        record_id: int | None = None,
        taken_names: dict[str, int] | None = None,
        languages: list[str] | None = None,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            submit,
            values=values,
            record_id=record_id,
            taken=taken_names,
            noun="community",
            parent=parent,
        )
        self.setObjectName("CommunityForm")
        defaults = settings or Settings()

        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Finance Agile Community")
        self.kind = QComboBox()
        for kind in CommunityKind:
            self.kind.addItem(kind.value.capitalize(), kind)
        self.host_name = QLineEdit()
        self.host_email = QLineEdit()
        self.host_email.setPlaceholderText("name@example.com")
        self.zone = ZonePicker()
        self.language = QComboBox()
        self.language.setEditable(True)
        self.language.addItems(languages or ["English"])
        self.language.setCurrentText("English" if "English" in (languages or ["English"]) else "")
        self.members = QSpinBox()
        self.members.setRange(0, 10_000_000)
        self.members.setGroupSeparatorShown(True)
        self.topics = QLineEdit()
        self.topics.setPlaceholderText("agile; data; onboarding")
        self.created_on = OptionalDate("Known")
        self.showcase = QCheckBox("Showcase community (a magnet for others)")
        self.help_requested = QCheckBox("Asked for help")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Private notes")
        self.notes.setMaximumHeight(self.fontMetrics().height() * 5)

        hours_default = (
            f"{defaults.host_work_start:%H:%M}–{defaults.host_work_end:%H:%M} "
            f"{defaults.host_work_days.to_text()}"
        )
        self.own_hours = QCheckBox(f"Own working hours (default {hours_default})")
        self.work_start = time_edit(defaults.host_work_start)
        self.work_end = time_edit(defaults.host_work_end)
        self.work_days = WeekdayPicker()
        self.work_days.set_value(defaults.host_work_days)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(8)
        form.addRow("&Name", with_error(self.name, self.errors.add("name", self.name)))
        form.addRow("&Kind", self.kind)
        form.addRow("&Host", self.host_name)
        form.addRow(
            "Host &e-mail",
            with_error(self.host_email, self.errors.add("host_email", self.host_email)),
        )
        form.addRow(
            "&Time zone",
            with_error(self.zone, self.errors.add("time_zone", self.zone.edit)),
        )
        form.addRow(
            "&Language", with_error(self.language, self.errors.add("language", self.language))
        )
        form.addRow("&Members", with_error(self.members, self.errors.add("members", self.members)))
        form.addRow("T&opics", self.topics)
        form.addRow("Created on", self.created_on)
        flags = QVBoxLayout()
        flags.addWidget(self.showcase)
        flags.addWidget(self.help_requested)
        form.addRow("Flags", flags)

        hours = QGroupBox("Host working hours")
        hours_layout = QVBoxLayout(hours)
        hours_layout.addWidget(self.own_hours)
        times = QHBoxLayout()
        times.addWidget(QLabel("From"))
        times.addWidget(self.work_start)
        times.addWidget(QLabel("to"))
        times.addWidget(self.work_end)
        times.addStretch(1)
        hours_layout.addLayout(times)
        hours_layout.addWidget(self.work_days)
        hours_layout.addWidget(self.errors.add("host_work", self.work_start, self.work_end))

        if values is not None:
            self._fill(values)
        else:
            self.zone.set_zone("")
        self._sync_hours()
        self.own_hours.toggled.connect(self._sync_hours)
        signals = (
            self.name.textChanged,
            self.host_email.textChanged,
            self.zone.changed,
            self.language.currentTextChanged,
            self.members.valueChanged,
            self.work_start.timeChanged,
            self.work_end.timeChanged,
            self.work_days.changed,
            self.own_hours.toggled,
        )
        self.finish((form, hours, QLabel("Notes"), self.notes), signals, extra_width=20)

    def _fill(self, v: CommunityFields) -> None:
        self.name.setText(v.name)
        self.kind.setCurrentIndex(max(self.kind.findData(v.kind), 0))
        self.host_name.setText(v.host_name)
        self.host_email.setText(v.host_email)
        self.zone.set_zone(v.time_zone)
        self.language.setCurrentText(v.language)
        self.members.setValue(v.members)
        self.topics.setText("; ".join(v.topics))
        self.created_on.set_value(v.created_on)
        self.showcase.setChecked(v.showcase)
        self.help_requested.setChecked(v.help_requested_on is not None)
        self.notes.setPlainText(v.notes)
        if v.host_work_start and v.host_work_end:
            self.own_hours.setChecked(True)
            set_time(self.work_start, v.host_work_start)
            set_time(self.work_end, v.host_work_end)
            self.work_days.set_value(v.host_work_days)

    def _sync_hours(self, *_args: object) -> None:
        own = self.own_hours.isChecked()
        for widget in (self.work_start, self.work_end, self.work_days):
            widget.setEnabled(own)

    def values(self) -> CommunityFields:
        """The values the form shows now (may be invalid; see ``problems``)."""
        own = self.own_hours.isChecked()
        help_on = None
        if self.help_requested.isChecked():
            earlier = self._original.help_requested_on if self._original else None
            help_on = earlier or date.today()
        return CommunityFields(
            name=self.name.text(),
            kind=CommunityKind(self.kind.currentData()),
            host_name=self.host_name.text(),
            host_email=self.host_email.text(),
            time_zone=self.zone.zone(),
            language=self.language.currentText(),
            members=self.members.value(),
            topics=tuple(split_list(self.topics.text())),
            created_on=self.created_on.value(),
            showcase=self.showcase.isChecked(),
            help_requested_on=help_on,
            notes=self.notes.toPlainText(),
            active=self._original.active if self._original else True,
            host_work_start=time_of(self.work_start) if own else None,
            host_work_end=time_of(self.work_end) if own else None,
            host_work_days=(self.work_days.value() if own else None),
        )

    def problems(self) -> dict[str, str]:
        """What is wrong now, per field (the core's rules)."""
        problems = community_problems(self.values(), self._taken, self._record_id)
        if self.own_hours.isChecked() and self.work_days.value() is None:
            problems["host_work"] = "choose at least one working day"
        return problems

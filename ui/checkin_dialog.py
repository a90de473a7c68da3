"""Dialogs of the log: a check-in done / missed (notes, outcome), a move, webinar attendance.

A move is typed as a wall time in the *viewer's* zone and converted with ``to_utc``, so a time
in a DST gap or fold is resolved on purpose and said so; the editor itself runs in UTC so the
machine's own zone never bends the typed time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QSortFilterProxyModel, Qt, QTime, QTimeZone
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coordinator.domain import OccurrenceStatus
from coordinator.scheduling.events import Event
from coordinator.scheduling.parties import Party
from coordinator.worktime import is_ambiguous, is_nonexistent, to_utc
from coordinator_ui.schedule_model import both_parties, local_label

MoveCheck = Callable[[datetime, int], tuple[list[Event], list[str]]]
PlannerOpener = Callable[[datetime, int], datetime | None]


def _header(event: Event, zone: str) -> QLabel:
    label = QLabel(
        f"<b>{event.title}</b><br>{local_label(event.start, zone)} (your view)<br>"
        f"{both_parties(event)}"
    )
    label.setWordWrap(True)
    return label


class LogDialog(QDialog):
    """Log one occurrence as done or missed, with notes and an outcome."""

    def __init__(self, event: Event, zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log check-in")
        self.done_button = QRadioButton("Done")
        self.missed_button = QRadioButton("Missed")
        group = QButtonGroup(self)
        group.addButton(self.done_button)
        group.addButton(self.missed_button)
        (
            self.missed_button if event.status == OccurrenceStatus.MISSED else self.done_button
        ).setChecked(True)
        status = QHBoxLayout()
        status.addWidget(self.done_button)
        status.addWidget(self.missed_button)
        status.addStretch(1)
        self.notes_edit = QPlainTextEdit(event.notes)
        self.notes_edit.setPlaceholderText("What was discussed, what the host asked for…")
        self.outcome_edit = QLineEdit(event.outcome)
        self.outcome_edit.setPlaceholderText("e.g. host will run a first community call")
        form = QFormLayout()
        form.addRow("Status", status)
        form.addRow("Notes", self.notes_edit)
        form.addRow("Outcome", self.outcome_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Log")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_header(event, zone))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(480, 340)

    def values(self) -> tuple[OccurrenceStatus, str, str]:
        """(status, notes, outcome) as entered."""
        status = OccurrenceStatus.DONE if self.done_button.isChecked() else OccurrenceStatus.MISSED
        return status, self.notes_edit.toPlainText().strip(), self.outcome_edit.text().strip()


class MoveDialog(QDialog):
    """Move one occurrence to a date and time typed in the viewer's zone."""

    def __init__(
        self,
        event: Event,
        zone: str,
        *,
        check: MoveCheck | None = None,
        open_planner: PlannerOpener | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Move check-in")
        self.occurrence, self.zone = event, zone  # not "event": QObject.event is a virtual
        self.check, self.open_planner = check, open_planner
        self.when_edit = QDateTimeEdit()
        self.when_edit.setTimeZone(QTimeZone.utc())  # a plain wall-clock editor
        self.when_edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.when_edit.setCalendarPopup(True)
        self.minutes_spin = QSpinBox(minimum=5, maximum=240, singleStep=5, suffix=" min")
        self.minutes_spin.setValue(int((event.end - event.start).total_seconds() // 60))
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        planner = QPushButton("Time-zone planner…")
        planner.setEnabled(open_planner is not None)
        planner.clicked.connect(self._plan)
        when = QHBoxLayout()
        when.addWidget(self.when_edit, 1)
        when.addWidget(QLabel(zone))
        when.addWidget(planner)
        form = QFormLayout()
        form.addRow("New time", when)
        form.addRow("Length", self.minutes_spin)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Move")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_header(event, zone))
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.set_start(event.start)
        self.when_edit.dateTimeChanged.connect(lambda _v: self._update_preview())
        self.minutes_spin.valueChanged.connect(lambda _v: self._update_preview())
        self._update_preview()
        self.resize(560, 320)

    def set_start(self, instant: datetime) -> None:
        """Show ``instant`` as a wall time in the viewer's zone."""
        local = instant.astimezone(ZoneInfo(self.zone))
        self.when_edit.setDateTime(
            QDateTime(
                QDate(local.year, local.month, local.day),
                QTime(local.hour, local.minute),
                QTimeZone.utc(),
            )
        )

    def wall_time(self) -> datetime:
        """The typed wall time (naive, in the viewer's zone)."""
        value = self.when_edit.dateTime()
        return datetime.combine(value.date().toPython(), value.time().toPython())

    def new_start(self) -> datetime:
        """The typed time as an aware UTC instant (gaps forward, folds first)."""
        return to_utc(self.wall_time(), ZoneInfo(self.zone))

    def values(self) -> tuple[datetime, int]:
        """(new start, minutes)."""
        return self.new_start(), self.minutes_spin.value()

    def _plan(self) -> None:
        if self.open_planner is not None:
            chosen = self.open_planner(self.new_start(), self.minutes_spin.value())
            if chosen is not None:
                self.set_start(chosen)

    def _update_preview(self) -> None:
        wall, zone = self.wall_time(), ZoneInfo(self.zone)
        start = self.new_start()
        lines = [f"→ {both_parties(self.occurrence._replace(start=start))}"]
        if is_nonexistent(wall, zone):
            lines.append(
                f"⚠ {wall:%H:%M} does not exist on {wall:%d %b} in {self.zone} (clocks go "
                f"forward); it becomes {start.astimezone(zone):%H:%M}."
            )
        elif is_ambiguous(wall, zone):
            lines.append(
                f"⚠ {wall:%H:%M} happens twice that night in {self.zone}; the first is used."
            )
        if self.check is not None:
            conflicts, notes = self.check(start, self.minutes_spin.value())
            lines += [
                f"⚠ Double booking: {c.title} at {local_label(c.start, self.zone)}"
                for c in conflicts
            ]
            lines += [f"⚠ {note}" for note in notes]
        self.preview.setText("<br>".join(lines))


class AttendanceDialog(QDialog):
    """Tick who attended one webinar occurrence (volunteers and hosts)."""

    def __init__(
        self,
        event: Event,
        zone: str,
        people: Sequence[Party],
        attended: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Webinar attendance")
        self.model = QStandardItemModel(self)
        for person in people:
            item = QStandardItem(f"{person.name} · {person.role} · {person.time_zone}")
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(
                Qt.CheckState.Checked if person.key in attended else Qt.CheckState.Unchecked
            )
            item.setData(person.key, Qt.ItemDataRole.UserRole)
            self.model.appendRow(item)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        search = QLineEdit(placeholderText="Filter…")
        search.textChanged.connect(proxy.setFilterFixedString)
        view = QListView()
        view.setModel(proxy)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_header(event, zone))
        layout.addWidget(search)
        layout.addWidget(view, 1)
        layout.addWidget(buttons)
        self.resize(460, 520)

    def values(self) -> tuple[list[int], list[int]]:
        """(volunteer ids, community ids) ticked."""
        keys = [
            self.model.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.model.rowCount())
            if self.model.item(r).checkState() == Qt.CheckState.Checked
        ]
        volunteers = [int(k.split(":")[1]) for k in keys if k.startswith("facilitator:")]
        hosts = [int(k.split(":")[1]) for k in keys if k.startswith("host:")]
        return volunteers, hosts

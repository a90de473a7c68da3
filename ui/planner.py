"""The time-zone planner dialog: pick people and a date, see working hours, pick a slot;
in webinar mode, propose sessions that reach the most people and create the series."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coordinator.db import Database
from coordinator.domain import WEEKDAY_NAMES, WebinarTrack
from coordinator.scheduling.parties import Party
from coordinator.scheduling.recurrence import ORDINAL_NAMES, nth_weekday
from coordinator.scheduling.webinars import (
    SessionPlan,
    coverage,
    create_webinar_series,
    plan_sessions,
    proposal_label,
    webinar_audience,
)
from coordinator.worktime import WorkWeek
from coordinator_ui.planner_grid import PlannerGrid, PlannerRow

PARTY_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ABOVE = 30  # more people than this are shown as groups sharing a working week


def grouped_rows(people: Sequence[Party]) -> list[PlannerRow]:
    """One row per person, or per (role, working week) when there are many."""
    if len(people) <= GROUP_ABOVE:
        return [PlannerRow(f"{p.name} ({p.role})", p.week) for p in people]
    groups: dict[tuple[str, WorkWeek], list[Party]] = {}
    for person in people:
        groups.setdefault((person.role, person.week), []).append(person)
    rows = [
        PlannerRow(f"{role.capitalize()}s in {week.time_zone}", week, len(members))
        for (role, week), members in groups.items()
    ]
    now = datetime.now(UTC)
    return sorted(
        rows, key=lambda r: (now.astimezone(ZoneInfo(r.week.time_zone)).utcoffset(), r.label)
    )


class PlannerDialog(QDialog):
    """Meeting-planner grid over chosen people; optionally plans a monthly webinar."""

    def __init__(
        self,
        database: Database,
        zone: str,
        *,
        people: Sequence[Party] | None = None,
        slot: tuple[datetime, int] | None = None,
        webinar: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.zone, self.webinar = database, zone, webinar
        self.setWindowTitle("Plan a webinar" if webinar else "Time-zone planner")
        self.selected_start: datetime | None = slot[0] if slot else None
        self.minutes = slot[1] if slot else 60
        self.plan: SessionPlan | None = None
        self.from_hour = 0  # the grid starts at this hour of the chosen date
        with database.reading() as session:
            audience = webinar_audience(session)
        given = list(people or [])
        keys = {p.key for p in given}
        self.people = given + [p for p in audience if p.key not in keys]
        chosen = keys or ({p.key for p in audience} if webinar else set())
        self._build(chosen)
        start_day = slot[0].astimezone(ZoneInfo(zone)).date() if slot else date.today()
        self.date_edit.setDate(QDate(start_day.year, start_day.month, start_day.day))
        if webinar:
            self._rule_changed()
        if slot is None and not webinar:
            self._next_24_hours()
        else:
            self.refresh()

    # -- layout -------------------------------------------------------------------------
    def _build(self, chosen: set[str]) -> None:
        self.people_model = QStandardItemModel(self)
        for person in self.people:
            item = QStandardItem(f"{person.name} · {person.time_zone}")
            item.setCheckable(True)
            item.setCheckState(
                Qt.CheckState.Checked if person.key in chosen else Qt.CheckState.Unchecked
            )
            item.setData(person, PARTY_ROLE)
            item.setEditable(False)
            self.people_model.appendRow(item)
        self.people_model.itemChanged.connect(lambda _item: self.refresh())
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.people_model)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.people_filter = QLineEdit(placeholderText="Filter people or zones…")
        self.people_filter.textChanged.connect(proxy.setFilterFixedString)
        self.people_view = QListView()
        self.people_view.setModel(proxy)
        self.people_view.setMinimumWidth(280)
        self.people_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        left = QVBoxLayout()
        left.addWidget(QLabel("<b>People</b>"))
        left.addWidget(self.people_filter)
        left.addWidget(self.people_view, 1)

        self.date_edit = QDateEdit(calendarPopup=True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.dateChanged.connect(self._date_changed)
        next_day = QPushButton("Next 24 hours")
        next_day.clicked.connect(self._next_24_hours)
        next_day.setVisible(not self.webinar)  # a webinar is planned on its rule's date
        top = QHBoxLayout()
        top.addWidget(QLabel("Date:"))
        top.addWidget(self.date_edit)
        top.addWidget(next_day)
        top.addStretch(1)
        top.addWidget(QLabel(f"Hours in {self.zone}"))

        self.grid = PlannerGrid()
        self.grid.slot_clicked.connect(self._slot_clicked)
        scroll = QScrollArea()
        scroll.setWidget(self.grid)
        scroll.setWidgetResizable(False)
        self.slot_label = QLabel("Click the grid to pick a slot.")
        self.slot_label.setWordWrap(True)
        centre = QVBoxLayout()
        centre.addLayout(top)
        centre.addWidget(scroll, 1)
        centre.addWidget(self.slot_label)
        if self.webinar:
            centre.addWidget(self._webinar_box())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        if not self.webinar:
            buttons = QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
            buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Use this slot")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addLayout(left)
        body.addLayout(centre, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(buttons)
        self.resize(1380, 720)

    def _webinar_box(self) -> QGroupBox:
        box = QGroupBox("Monthly webinar")
        self.title_edit = QLineEdit(placeholderText="e.g. Running a lively community call")
        self.track_combo = QComboBox()
        for track in WebinarTrack:
            self.track_combo.addItem(track.value, track)
        self.ordinal_combo = QComboBox()
        for ordinal, name in ORDINAL_NAMES.items():
            self.ordinal_combo.addItem(name, ordinal)
        self.ordinal_combo.setCurrentIndex(1)
        self.weekday_combo = QComboBox()
        for index, name in enumerate(WEEKDAY_NAMES):
            self.weekday_combo.addItem(name, index)
        self.weekday_combo.setCurrentIndex(1)
        self.ordinal_combo.currentIndexChanged.connect(self._rule_changed)
        self.weekday_combo.currentIndexChanged.connect(self._rule_changed)
        self.sessions_spin = QSpinBox(minimum=1, maximum=4, value=2)
        self.duration_spin = QSpinBox(
            minimum=15, maximum=240, value=60, singleStep=15, suffix=" min"
        )
        propose = QPushButton("Propose sessions")
        propose.clicked.connect(self.propose)
        self.create_button = QPushButton("Create webinar series")
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self.create_series)
        self.proposal_model = QStandardItemModel(self)
        self.proposal_view = QListView()
        self.proposal_view.setModel(self.proposal_model)
        self.proposal_view.setMaximumHeight(84)
        rule = QHBoxLayout()
        rule.addWidget(self.ordinal_combo)
        rule.addWidget(self.weekday_combo)
        rule.addWidget(QLabel("of each month · sessions"))
        rule.addWidget(self.sessions_spin)
        rule.addWidget(self.duration_spin)
        rule.addWidget(propose)
        rule.addStretch(1)
        form = QFormLayout(box)
        form.addRow("Title", self.title_edit)
        form.addRow("Track", self.track_combo)
        form.addRow("Rule", rule)
        form.addRow("Sessions", self.proposal_view)
        form.addRow("", self.create_button)
        return box

    # -- behaviour ------------------------------------------------------------------------
    def chosen_people(self) -> list[Party]:
        """The people ticked in the list."""
        model = self.people_model
        return [
            model.item(r).data(PARTY_ROLE)
            for r in range(model.rowCount())
            if model.item(r).checkState() == Qt.CheckState.Checked
        ]

    def grid_start(self) -> datetime:
        """First instant of the grid: the chosen date's midnight (UTC for webinars, whose
        candidate sessions are that date's UTC half-hours), or this hour for "next 24 hours"."""
        day = self.date_edit.date().toPython()
        if self.webinar:
            return datetime.combine(day, time(), UTC)
        local = datetime.combine(day, time(self.from_hour), ZoneInfo(self.zone))
        return local.astimezone(UTC)

    def _date_changed(self) -> None:
        self.from_hour = 0
        self.refresh()

    def refresh(self) -> None:
        """Redraw the grid for the chosen date and people."""
        people = self.chosen_people()
        self.grid.set_grid(grouped_rows(people), self.grid_start(), self.zone)
        self._show_slots()

    def _next_24_hours(self) -> None:
        now = datetime.now(ZoneInfo(self.zone))
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(now.year, now.month, now.day))
        self.date_edit.blockSignals(False)
        self.from_hour = now.hour
        self.refresh()

    def _rule_changed(self) -> None:
        today = date.today()
        ordinal, weekday = self.ordinal_combo.currentData(), self.weekday_combo.currentData()
        day = nth_weekday(today.year, today.month, ordinal, weekday)
        if day < today:
            year, month = (
                (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
            )
            day = nth_weekday(year, month, ordinal, weekday)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))

    def _slot_clicked(self, start: datetime) -> None:
        self.selected_start = start
        self._show_slots()

    def _show_slots(self) -> None:
        if self.plan is not None and self.webinar:
            self.grid.set_slots([(p.start, self.minutes) for p in self.plan.sessions])
        elif self.selected_start is not None:
            self.grid.set_slots([(self.selected_start, self.minutes)])
        if self.selected_start is None:
            return
        people = self.chosen_people()
        reached = coverage(people, self.selected_start, self.minutes) if people else frozenset()
        local = self.selected_start.astimezone(ZoneInfo(self.zone))
        share = f"{len(reached) / len(people):.0%}" if people else "–"
        self.slot_label.setText(
            f"Slot: {local:%a %d %b %H:%M} {self.zone} ({self.minutes} min) — inside the working "
            f"hours of {len(reached)} of {len(people)} people ({share})"
        )

    def propose(self) -> None:
        """Greedy maximum-coverage sessions on the rule's date for the ticked people."""
        people = self.chosen_people()
        if not people:
            QMessageBox.information(self, "Plan a webinar", "Tick the people to reach first.")
            return
        self.minutes = self.duration_spin.value()
        day = self.date_edit.date().toPython()
        self.plan = plan_sessions(people, day, self.minutes, self.sessions_spin.value())
        self.proposal_model.clear()
        for proposal in self.plan.sessions:
            viewer = proposal.start.astimezone(ZoneInfo(self.zone))
            item = QStandardItem(
                f"{proposal_label(proposal)} ({viewer:%H:%M} {self.zone}) — reaches "
                f"{proposal.share:.0%} (+{proposal.added_share:.0%} new)"
            )
            item.setEditable(False)
            self.proposal_model.appendRow(item)
        self.proposal_model.appendRow(
            QStandardItem(f"Together: {self.plan.total_share:.0%} of {self.plan.people} people")
        )
        self.create_button.setEnabled(bool(self.plan.sessions))
        self.selected_start = self.plan.sessions[0].start if self.plan.sessions else None
        self.refresh()

    def create_series(self) -> None:
        """Store the webinar series with the proposed sessions."""
        if self.plan is None or not self.plan.sessions:
            return
        title = self.title_edit.text().strip()
        if not title:
            QMessageBox.warning(self, "Plan a webinar", "Give the webinar a title.")
            return
        sessions = [
            (p.local_time, p.time_zone, p.time_zone.split("/")[-1]) for p in self.plan.sessions
        ]
        with self.database.unit_of_work() as session:
            create_webinar_series(
                session,
                title=title,
                ordinal=self.ordinal_combo.currentData(),
                weekday=self.weekday_combo.currentData(),
                starts_on=self.plan.day,
                sessions=sessions,
                duration_minutes=self.minutes,
                track=self.track_combo.currentData(),
            )
        self.accept()

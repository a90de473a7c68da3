"""Schedule page: week and month agenda of check-ins and webinars in the viewer's zone, the
check-in log (done / missed / move / cancel), overdue flags, and the time-zone planner."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from coordinator.db import Database
from coordinator.models import Community, Facilitator
from coordinator.scheduling import (
    Event,
    events_between,
    overdue_assignments,
)
from coordinator.scheduling.build import BuildReport, schedule_programme
from coordinator.settings import load_settings
from coordinator_ui.pages import Page
from coordinator_ui.schedule_actions import ScheduleActions
from coordinator_ui.schedule_model import MONTH, WEEK, AgendaModel, machine_zone, period_bounds
from coordinator_ui.workers import Task, run_task

ALL = 0  # combo data for "no filter" (ids start at 1)


def _current(combo: QComboBox) -> object:
    """The selected item's data, or None when nothing is selected.

    Never ``currentData()`` on an empty selection, and never ``None`` as item data: PySide6
    6.12 on CPython 3.11 loses a reference to ``None`` on each such conversion.
    """
    index = combo.currentIndex()
    return combo.itemData(index) if index >= 0 else None


class ScheduleView(Page):
    """Week and month agenda of check-ins and webinars."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(database, parent)
        self.zone = machine_zone()
        self.anchor = datetime.now(ZoneInfo(self.zone)).date()
        self.mode = WEEK
        self.model = AgendaModel(self)
        self.build_task: Task | None = None
        self._build()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.previous_button = QPushButton("◀")
        self.today_button = QPushButton("Today")
        self.next_button = QPushButton("▶")
        for button, step in ((self.previous_button, -1), (self.next_button, 1)):
            button.setFixedWidth(34)
            button.clicked.connect(lambda _c=False, s=step: self.shift(s))
        self.today_button.clicked.connect(self.go_today)
        self.period_label = QLabel()
        self.period_label.setMinimumWidth(210)
        self.mode_combo = QComboBox()
        self.mode_combo.addItem("Week", WEEK)
        self.mode_combo.addItem("Month", MONTH)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self.zone_combo = self._searchable_combo(200)
        self.volunteer_combo = self._searchable_combo(140)
        self.community_combo = self._searchable_combo(140)
        self.zone_combo.activated.connect(self._zone_changed)
        self.volunteer_combo.activated.connect(lambda _i: self.refresh())
        self.community_combo.activated.connect(lambda _i: self.refresh())
        self.webinar_button = QPushButton("Plan webinar…")
        self.planner_button = QPushButton("Time-zone planner…")
        self.webinar_button.clicked.connect(lambda: self.log_actions.open_planner(webinar=True))
        self.planner_button.clicked.connect(lambda: self.log_actions.open_planner())
        self.schedule_button = QPushButton("Schedule check-ins")
        self.schedule_button.setProperty("primary", True)
        self.schedule_button.setToolTip(
            "Give every active caseload entry its check-ins (logged ones are never touched)"
        )
        self.schedule_button.clicked.connect(self.build_schedule)
        self.build_progress = QProgressBar()
        self.build_progress.setRange(0, 0)
        self.build_progress.setMaximumWidth(120)
        self.build_progress.hide()
        title = QLabel("Schedule")
        title.setObjectName("PageTitle")
        self.subtitle = QLabel("Check-ins and webinars, with both parties' local times")
        self.subtitle.setObjectName("PageSubtitle")
        titles = QVBoxLayout()
        titles.addWidget(title)
        titles.addWidget(self.subtitle)
        head = QHBoxLayout()
        head.addLayout(titles, 1)
        for widget in (
            self.build_progress,
            self.webinar_button,
            self.planner_button,
            self.schedule_button,
        ):
            head.addWidget(widget, 0, Qt.AlignmentFlag.AlignBottom)
        bar = QHBoxLayout()
        for widget in (
            self.previous_button,
            self.today_button,
            self.next_button,
            self.period_label,
        ):
            bar.addWidget(widget)
        bar.addWidget(self.mode_combo)
        bar.addStretch(1)
        for label, widget in (
            ("Zone", self.zone_combo),
            ("Volunteer", self.volunteer_combo),
            ("Community", self.community_combo),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget, 1)
        self.overdue_label = QLabel()
        self.overdue_label.setWordWrap(True)
        self.overdue_label.setStyleSheet("color: #b3261e; padding: 4px 2px;")
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.log_actions = ScheduleActions(self)
        self.table.doubleClicked.connect(lambda _i: self.log_actions.log_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.log_actions.update())
        actions = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        for key, action in self.log_actions.by_key.items():
            self.action_buttons[key] = button = QPushButton(action.text())
            button.clicked.connect(action.trigger)
            action.changed.connect(
                lambda b=button, a=action: (b.setText(a.text()), b.setEnabled(a.isEnabled()))
            )
            actions.addWidget(button)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(head)
        layout.addLayout(bar)
        layout.addWidget(self.overdue_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(actions)
        self.log_actions.update()

    def _searchable_combo(self, width: int) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMinimumWidth(width)
        combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        return combo

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read people (for the zone and filter lists) and the events shown."""
        with self.database.reading() as session:
            volunteers = session.execute(
                select(Facilitator.id, Facilitator.name, Facilitator.time_zone).order_by(
                    Facilitator.name
                )
            ).all()
            communities = session.execute(
                select(Community.id, Community.name, Community.time_zone).order_by(Community.name)
            ).all()
        local = machine_zone()
        people = [(f"Volunteer {name}", zone) for _i, name, zone in volunteers]
        people += [(f"Host of {name}", zone) for _i, name, zone in communities]
        zones = [(f"This computer — {local}", local), ("UTC", "UTC")]
        zones += [(zone, zone) for zone in sorted({zone for _label, zone in people})]
        zones += [(f"{label} — {zone}", zone) for label, zone in people]
        self._fill(self.zone_combo, zones, self.zone)
        self._fill(
            self.volunteer_combo, [("All volunteers", ALL)] + [(n, i) for i, n, _z in volunteers]
        )
        self._fill(
            self.community_combo, [("All communities", ALL)] + [(n, i) for i, n, _z in communities]
        )
        self.refresh()

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, object]], keep: object = ...) -> None:
        current = _current(combo) if keep is ... else keep
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.lineEdit().setCursorPosition(0)  # show the start of a long name, not its end
        combo.blockSignals(False)

    def period(self) -> tuple[datetime, datetime]:
        """The shown week or month as UTC instants (midnights in the viewer's zone)."""
        first, after = period_bounds(self.anchor, self.mode)
        tz = ZoneInfo(self.zone)
        return (
            datetime.combine(first, time(), tz).astimezone(UTC),
            datetime.combine(after, time(), tz).astimezone(UTC),
        )

    def refresh(self) -> None:
        """Re-read the events of the shown period with the current filters."""
        start, end = self.period()
        facilitator_id = _current(self.volunteer_combo) or None  # ALL (0): no filter
        community_id = _current(self.community_combo) or None
        today = datetime.now(ZoneInfo(self.zone)).date()
        with self.database.reading() as session:
            events = events_between(
                session, start, end, facilitator_id=facilitator_id, community_id=community_id
            )
            overdue = overdue_assignments(session, today)
            limit = load_settings(session).overdue_days
        self.model.set_events(events, self.zone, [o.assignment_id for o in overdue])
        first, after = period_bounds(self.anchor, self.mode)
        last = after - timedelta(days=1)
        self.period_label.setText(
            f"<b>{first:%a %d %b} – {last:%a %d %b %Y}</b>"
            if self.mode == WEEK
            else f"<b>{first:%B %Y}</b>"
        )
        if overdue:
            named = ", ".join(
                f"{o.community_name} · {o.facilitator_name} ({o.days_since} d)" for o in overdue[:4]
            )
            more = f" and {len(overdue) - 4} more" if len(overdue) > 4 else ""
            self.overdue_label.setText(
                f"⚠ {len(overdue)} overdue (no check-in done in {limit} days): {named}{more}"
            )
        self.overdue_label.setVisible(bool(overdue))
        self.log_actions.update()

    # -- navigation -----------------------------------------------------------------------
    def shift(self, step: int) -> None:
        """Show the previous (-1) or next (+1) week or month."""
        if self.mode == WEEK:
            self.anchor += timedelta(weeks=step)
        else:
            first, after = period_bounds(self.anchor, MONTH)
            self.anchor = after if step > 0 else (first - timedelta(days=1)).replace(day=1)
        self.refresh()

    def go_today(self) -> None:
        """Show the period containing today."""
        self.anchor = datetime.now(ZoneInfo(self.zone)).date()
        self.refresh()

    def _mode_changed(self) -> None:
        self.mode = _current(self.mode_combo) or WEEK
        self.refresh()

    def _zone_changed(self) -> None:
        zone = _current(self.zone_combo)
        if zone:
            self.zone = zone
            self.refresh()

    def set_zone(self, zone: str) -> None:
        """View the agenda in ``zone``."""
        self.zone = zone
        index = self.zone_combo.findData(zone)
        if index >= 0:
            self.zone_combo.setCurrentIndex(index)
        self.refresh()

    def build_schedule(self) -> None:
        """(Re)build every active assignment's check-ins on a worker thread."""
        if self.build_task is not None:
            return
        self.schedule_button.setEnabled(False)
        self.build_progress.show()
        self.status_message.emit("Scheduling check-ins…")
        self.build_task = run_task(
            schedule_programme, self.database, on_done=self._built, on_error=self._build_failed
        )

    def _built(self, report: BuildReport) -> None:
        self._build_done()
        self.reload()
        self.data_changed.emit()
        self.status_message.emit(f"Check-ins scheduled: {report.summary()}.")
        notes = [c.text for c in report.changes if c.action in ("warning", "unplaced")]
        if notes:
            QMessageBox.information(self, "Scheduled, with notes", "\n".join(notes[:20]))

    def _build_failed(self, error: BaseException) -> None:
        self._build_done()
        QMessageBox.critical(self, "Scheduling failed", f"Nothing was changed: {error}")

    def _build_done(self) -> None:
        self.build_task = None
        self.build_progress.hide()
        self.schedule_button.setEnabled(True)

    def show_event(self, event: Event) -> None:
        """Show the period holding ``event`` (no filters) and select its row."""
        self.volunteer_combo.setCurrentIndex(0)
        self.community_combo.setCurrentIndex(0)
        self.anchor = event.start.astimezone(ZoneInfo(self.zone)).date()
        self.refresh()
        for row in range(self.model.rowCount()):
            shown = self.model.event_at(row)
            if shown is not None and shown.key == event.key:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    # -- selection ----------------------------------------------------------------------
    def selected_event(self) -> Event | None:
        """The event of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.event_at(rows[0].row()) if rows else None

    def _context_menu(self, point: QPoint) -> None:
        if not self.table.indexAt(point).isValid():
            return
        menu = QMenu(self)
        for action in self.log_actions.by_key.values():
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction("Time-zone planner…", lambda: self.log_actions.open_planner())
        menu.exec(self.table.viewport().mapToGlobal(point))

"""The Dashboard page: the programme at a glance; every tile opens the list behind it.

Figures are read on the thread pool (``programme_health``), so the window — whose first page
this is — shows at once and fills in when the numbers are there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coordinator.db import Database
from coordinator.domain import HealthBand
from coordinator.queries import CommunityFilter, DashboardSummary, FacilitatorFilter
from coordinator.reporting.charts import BAND_COLOURS, BAND_LABELS, bands_chart, load_chart
from coordinator.reporting.history import shift_month
from coordinator_ui.charts import ChartWidget
from coordinator_ui.dashboard_tiles import (
    DASHBOARD_CSS,
    ListTile,
    Panel,
    RowData,
    StatCard,
    TileRow,
    grid_row,
)
from coordinator_ui.pages import Page
from coordinator_ui.theme import icon
from coordinator_ui.workers import run_task

if TYPE_CHECKING:
    from coordinator.reporting.programme import ProgrammeHealth, UpcomingWebinar

_BAND_ORDER = (
    HealthBand.REALLY_ACTIVE,
    HealthBand.ACTIVE,
    HealthBand.QUIET,
    HealthBand.DORMANT,
    HealthBand.UNKNOWN,
)
LOAD_ROWS = 8  # the fullest volunteers shown; "All volunteers" lists everyone
RECOGNITION_ROWS = 3


def _change(change: int | None, month: str) -> str:
    if change is None:
        return ""
    colour = "#2f8a57" if change > 0 else "#c2353c" if change < 0 else "#8a94a6"
    sign = f"+{change}" if change > 0 else f"−{-change}" if change < 0 else "±0"
    return f' · <span style="color:{colour}; font-weight:600">{sign}</span> since {month}'


def webinar_when(webinar: UpcomingWebinar) -> str:
    """``Tue 8 Dec, 10:00 CET``: the start in this computer's zone, with the zone named."""
    local = webinar.start.astimezone()
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M} {local.tzname() or ''}".strip()


class DashboardView(Page):
    """Health bands with their trend, volunteers' load and where the lead's attention is due."""

    open_communities = Signal(object)  # a CommunityFilter
    open_volunteers = Signal(object)  # a FacilitatorFilter

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(database, parent)
        self.summary: DashboardSummary | None = None
        self.health: ProgrammeHealth | None = None
        self.loading = False
        title = QLabel("Dashboard")
        title.setObjectName("PageTitle")
        self.subtitle = QLabel("Loading…")
        self.subtitle.setObjectName("PageSubtitle")
        self.report_button = QPushButton(icon("file"), "Monthly report…")
        self.report_button.clicked.connect(self.open_report)
        self.handover_button = QPushButton(icon("caseloads"), "Hand-over packs…")
        self.handover_button.clicked.connect(lambda: self.open_handover())
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        header.addWidget(self.handover_button)
        header.addWidget(self.report_button)

        self.band_cards: dict[HealthBand, StatCard] = {}
        for band in _BAND_ORDER:
            card = StatCard(BAND_LABELS[band], BAND_COLOURS[band])
            card.clicked.connect(self._band_opener(band))
            self.band_cards[band] = card

        self.trend_panel = Panel(
            "Health, month by month", subtitle="Share of active communities per band"
        )
        self.trend_chart = ChartWidget(lambda w, h: bands_chart([], w, h), 250, stretch=True)
        self.trend_chart.clicked.connect(self._chart_clicked)
        self.trend_panel.body.addWidget(self.trend_chart)
        self.load_panel = Panel("Volunteers' load", link="All volunteers")
        self.load_panel.show_all.connect(self._show_volunteers)
        self.load_chart = ChartWidget(lambda w, _h: load_chart([], w), 60)
        self.load_chart.clicked.connect(self._chart_clicked)
        self.load_note = QLabel("")
        self.load_note.setObjectName("Muted")
        self.recognition = QVBoxLayout()
        self.recognition.setSpacing(0)
        recognition_title = QLabel("Recognition")
        recognition_title.setObjectName("PanelTitle")
        recognition_title.setToolTip(
            "Check-ins done and communities that moved up a band during the volunteer's caseload"
        )
        self.load_panel.body.addWidget(self.load_chart)
        self.load_panel.body.addWidget(self.load_note)
        self.load_panel.body.addSpacing(10)
        self.load_panel.body.addWidget(recognition_title)
        self.load_panel.body.addLayout(self.recognition)
        self.load_panel.body.addStretch(1)
        charts = QHBoxLayout()
        charts.setSpacing(12)
        charts.addWidget(self.trend_panel, 3)
        charts.addWidget(self.load_panel, 2)

        self.unassigned = StatCard("Unassigned", "#d9363e")
        self.overdue = StatCard("Overdue check-ins", "#e0723a")
        self.ending = StatCard("Caseloads ending soon", "#8b5cf6")
        self.volunteers = StatCard("Active volunteers", "#2f5bea")
        self.with_room = StatCard("Volunteers with room", "#3aa76d")
        self.unassigned.clicked.connect(self._show_unassigned)
        self.overdue.clicked.connect(self._show_overdue)
        self.ending.clicked.connect(self._show_ending)
        self.volunteers.clicked.connect(self._show_volunteers)
        self.with_room.clicked.connect(self._show_with_room)

        self.showcase_tile = ListTile(
            "Showcase candidates", "None really active three months running."
        )
        self.showcase_tile.show_all.connect(self._show_showcase)
        self.showcase_tile.row_clicked.connect(self._show_one)
        self.revival_tile = ListTile("Revival requests", "No community is asking for help.")
        self.revival_tile.show_all.connect(self._show_help)
        self.revival_tile.row_clicked.connect(self._show_one)
        self.webinar_tile = ListTile(
            "Upcoming webinars", "No webinar in the next 45 days.", link="Details"
        )
        self.webinar_tile.show_all.connect(self.show_webinars)
        self.webinar_tile.row_clicked.connect(lambda _key: self.show_webinars())

        self.content = content = QWidget()
        content.setObjectName("DashboardContent")
        content.setStyleSheet(DASHBOARD_CSS)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addSpacing(4)
        layout.addWidget(_section("Health of active communities"))
        layout.addLayout(grid_row(list(self.band_cards.values())))
        layout.addLayout(charts)
        layout.addSpacing(6)
        layout.addWidget(_section("Needs attention"))
        layout.addLayout(
            grid_row([self.unassigned, self.overdue, self.ending, self.volunteers, self.with_room])
        )
        layout.addLayout(grid_row([self.showcase_tile, self.revival_tile, self.webinar_tile]))
        layout.addStretch(1)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # -- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the figures again on the thread pool."""
        if self.loading:
            return
        self.loading = True
        run_task(self._read, on_done=self._show, on_error=self._failed)

    def _read(self) -> ProgrammeHealth:
        # Imported here, on the worker: the window shows before the report modules load.
        from coordinator.reporting.programme import programme_health

        return programme_health(self.database)

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        self.subtitle.setText(f"Could not read the figures: {error}")

    def _show(self, health: ProgrammeHealth) -> None:
        self.loading = False
        self.health, self.summary = health, health.summary
        s = health.summary
        total = s.communities or 1
        for band, card in self.band_cards.items():
            count = s.bands.get(band, 0)
            card.setVisible(count > 0 or band != HealthBand.UNKNOWN)
            change = _change(health.band_change(band), _month_before(health))
            card.set_value(count, f"{count * 100 / total:.0f} %{change}")
        up_to = (
            f" · activity up to {health.month:%B %Y}"
            if health.month
            else " · no activity imported yet"
        )
        self.subtitle.setText(
            f"{s.communities:,} active communities · {s.volunteers:,} volunteers{up_to}"
        )
        trend = list(health.band_trend)
        self.trend_chart.set_layout(lambda w, h: bands_chart(trend, w, h))
        loads = list(health.loads[:LOAD_ROWS])
        height = int(load_chart(loads, 400).height)
        self.load_chart.set_layout(lambda w, _h: load_chart(loads, w), height)
        self.load_panel.set_count(len(health.loads))
        more = len(health.loads) - len(loads)
        room = f"{s.open_places:,} open places · {s.volunteers_with_room:,} with room"
        self.load_note.setText(
            room + (f" · the {more:,} others under “All volunteers”" if more > 0 else "")
        )
        self.unassigned.set_value(s.unassigned, "no volunteer yet")
        self.overdue.set_value(len(health.overdue), "no recent check-in")
        self.ending.set_value(len(health.ending), "in the next 30 days")
        self.volunteers.set_value(s.volunteers, f"{s.open_places:,} open places")
        self.with_room.set_value(s.volunteers_with_room, "can take more")
        self._fill_lists(health)
        self._fill_recognition(health)
        # The new rows change the tiles' heights: lay the page out and let the scroll area take
        # the new height now, not a frame later (a squeezed half-laid-out frame shows otherwise).
        self.content.layout().activate()
        self.scroll.setWidgetResizable(True)

    def _fill_recognition(self, health: ProgrammeHealth) -> None:
        while self.recognition.count():
            widget = self.recognition.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        shown = [r for r in health.recognition if r.check_ins_done or r.moved_up][:RECOGNITION_ROWS]
        if not shown:
            empty = QLabel("No check-in logged yet.")
            empty.setObjectName("Empty")
            self.recognition.addWidget(empty)
            empty.show()
        for r in shown:
            moved = len(r.moved_up)
            detail = f"{moved} {'community' if moved == 1 else 'communities'} moved up a band"
            names = ", ".join(m.name for m in r.moved_up)
            row = TileRow(
                RowData(r.name, detail if moved else "keeping their caseload going",
                        f"{r.check_ins_done} check-ins", r.email, names or r.name)
            )  # fmt: skip
            row.clicked.connect(self._volunteer_opener(r.email))
            self.recognition.addWidget(row)
            row.show()  # now, not an event later: the layout below counts it

    def _volunteer_opener(self, email: str):  # type: ignore[no-untyped-def]
        def open_volunteer() -> None:
            self.open_volunteers.emit(FacilitatorFilter(text=email))

        return open_volunteer

    def _fill_lists(self, health: ProgrammeHealth) -> None:
        self.showcase_tile.set_rows(
            [
                RowData(c.name, c.volunteer or "no volunteer", f"{c.months} months", c.community_id,
                        f"Really active {c.months} months in a row")
                for c in health.showcase_candidates
            ]
        )  # fmt: skip
        self.revival_tile.set_rows(
            [
                RowData(r.name, f"asked {r.requested_on:%d %b %Y} · {BAND_LABELS[r.band].lower()}",
                        f"{r.days_waiting} d" if r.days_waiting else "today", r.community_id,
                        f"Waiting for {r.days_waiting} days")
                for r in health.revival_requests
            ]
        )  # fmt: skip
        self.webinar_tile.set_rows(
            [
                RowData(w.title, webinar_when(w), f"{w.expected} expected", i, _webinar_tip(w))
                for i, w in enumerate(health.webinars)
            ]
        )

    # -- tiles → lists ---------------------------------------------------------------------
    def _band_opener(self, band: HealthBand):  # type: ignore[no-untyped-def]
        def open_band() -> None:
            self.open_communities.emit(CommunityFilter(bands=frozenset({band})))

        return open_band

    def _chart_clicked(self, key: Any) -> None:
        if not isinstance(key, tuple) or self.health is None:
            return
        if key[0] == "band":
            self._band_opener(key[1])()
        elif key[0] == "month" and key[1] == len(self.health.band_trend) - 1:
            self._band_opener(key[2])()  # the latest month is what the list shows
        elif key[0] == "volunteer":
            email = next((v.email for v in self.health.loads if v.facilitator_id == key[1]), "")
            self.open_volunteers.emit(FacilitatorFilter(text=email))

    def _subset(self, ids: Any, label: str) -> None:
        self.open_communities.emit(CommunityFilter(ids=frozenset(ids), subset=label))

    def _show_one(self, community_id: int) -> None:
        listed = (
            [*self.health.showcase_candidates, *self.health.revival_requests] if self.health else []
        )
        name = next((c.name for c in listed if c.community_id == community_id), "")
        self._subset({community_id}, name)

    def _show_unassigned(self) -> None:
        self.open_communities.emit(CommunityFilter(unassigned=True))

    def _show_overdue(self) -> None:
        if self.health is not None:
            self._subset({o.community_id for o in self.health.overdue}, "Overdue check-ins")

    def _show_ending(self) -> None:
        if self.health is not None:
            self._subset({e.community_id for e in self.health.ending}, "Ending in 30 days")

    def _show_showcase(self) -> None:
        if self.health is not None:
            self._subset(
                {c.community_id for c in self.health.showcase_candidates}, "Showcase candidates"
            )

    def _show_help(self) -> None:
        self.open_communities.emit(CommunityFilter(help_requested=True))

    def _show_volunteers(self) -> None:
        self.open_volunteers.emit(FacilitatorFilter())

    def _show_with_room(self) -> None:
        self.open_volunteers.emit(FacilitatorFilter(with_room=True))

    def show_webinars(self) -> Any:
        """The upcoming webinars with expected attendance, in a dialog (returned for tests)."""
        from coordinator_ui.row_list import RowListDialog

        webinars = self.health.webinars if self.health else ()
        rows = [
            (w.title, webinar_when(w), str(w.expected), str(w.audience),
             "" if w.last_attended is None else str(w.last_attended))
            for w in webinars
        ]  # fmt: skip
        dialog = RowListDialog(
            "Upcoming webinars",
            "Expected: volunteers and hosts whose working hours hold the session on its date.",
            ["Webinar", "When (your time)", "Expected", "Audience", "Came last time"],
            rows,
            self,
        )
        dialog.open()
        return dialog

    # -- reports ---------------------------------------------------------------------------
    def open_report(self) -> Any:
        """The monthly report dialog."""
        from coordinator_ui.report_dialog import MonthlyReportDialog

        dialog = MonthlyReportDialog(self.database, self)
        dialog.open()
        return dialog

    def open_handover(self, assignment_ids: Any = ()) -> Any:
        """The hand-over pack dialog (ending caseloads first)."""
        from coordinator_ui.handover import HandoverDialog

        dialog = HandoverDialog(self.database, self, chosen=assignment_ids)
        dialog.open()
        return dialog


def _webinar_tip(w: UpcomingWebinar) -> str:
    tip = f"{w.expected} of {w.audience} have it in their working hours"
    return tip + (f"; {w.last_attended} came last time" if w.last_attended is not None else "")


def _month_before(health: ProgrammeHealth) -> str:
    return f"{shift_month(health.month, -1):%b}" if health.month else ""


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("SectionTitle")
    return label

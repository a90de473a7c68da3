"""The Dashboard page: the programme at a glance; every figure opens the matching list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coordinator.db import Database
from coordinator.domain import HealthBand
from coordinator.queries import (
    CommunityFilter,
    DashboardSummary,
    FacilitatorFilter,
    dashboard_summary,
    list_communities,
    list_facilitators,
)
from coordinator_ui.pages import Page
from coordinator_ui.theme import BAND_COLORS
from coordinator_ui.workers import run_task

_BAND_TEXT = {
    HealthBand.REALLY_ACTIVE: "Really active",
    HealthBand.ACTIVE: "Active",
    HealthBand.QUIET: "Quiet",
    HealthBand.DORMANT: "Dormant",
    HealthBand.UNKNOWN: "No activity data",
}


class StatCard(QFrame):
    """A clickable figure: a big number, a label and a coloured accent (Enter/Space click it)."""

    clicked = Signal()

    def __init__(self, label: str, accent: str) -> None:
        super().__init__()
        self.setObjectName("StatCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.value = QLabel("–")
        self.value.setObjectName("CardValue")
        self.label = QLabel(label)
        self.label.setObjectName("CardLabel")
        self.detail = QLabel("")
        self.detail.setObjectName("Muted")
        bar = QFrame()
        bar.setFixedHeight(max(3, self.fontMetrics().height() // 5))
        bar.setStyleSheet(f"background: {accent}; border: none; border-radius: 2px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(2)
        layout.addWidget(bar)
        layout.addSpacing(6)
        layout.addWidget(self.value)
        layout.addWidget(self.label)
        layout.addWidget(self.detail)
        self.setAccessibleName(label)

    def set_value(self, value: int, detail: str = "") -> None:
        self.value.setText(f"{value:,}")
        self.detail.setText(detail)
        self.setToolTip(f"Show {self.label.text().lower()}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class DashboardView(Page):
    """Counts of communities per health band, flags, unassigned communities and volunteers."""

    open_communities = Signal(object)  # a CommunityFilter
    open_volunteers = Signal(object)  # a FacilitatorFilter

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(database, parent)
        self.summary: DashboardSummary | None = None
        self.loading = False
        title = QLabel("Dashboard")
        title.setObjectName("PageTitle")
        self.subtitle = QLabel("Loading…")
        self.subtitle.setObjectName("PageSubtitle")

        self.band_cards: dict[HealthBand, StatCard] = {}
        health = QGridLayout()
        health.setSpacing(12)
        for column, band in enumerate(_BAND_TEXT):
            card = StatCard(_BAND_TEXT[band], BAND_COLORS[band])
            card.clicked.connect(self._band_opener(band))
            self.band_cards[band] = card
            health.addWidget(card, 0, column)

        self.unassigned = StatCard("Unassigned communities", "#d9363e")
        self.help_requested = StatCard("Asked for help", "#e0723a")
        self.showcase = StatCard("Showcase communities", "#e0a526")
        self.volunteers = StatCard("Active volunteers", "#2f5bea")
        self.with_room = StatCard("Volunteers with room", "#3aa76d")
        self.unassigned.clicked.connect(self._show_unassigned)
        self.help_requested.clicked.connect(self._show_help)
        self.showcase.clicked.connect(self._show_showcase)
        self.volunteers.clicked.connect(self._show_volunteers)
        self.with_room.clicked.connect(self._show_with_room)
        attention = QGridLayout()
        attention.setSpacing(12)
        for column, card in enumerate((self.unassigned, self.help_requested, self.showcase)):
            attention.addWidget(card, 0, column)
        people = QGridLayout()
        people.setSpacing(12)
        people.addWidget(self.volunteers, 0, 0)
        people.addWidget(self.with_room, 0, 1)
        people.addWidget(QWidget(), 0, 2)  # keeps the cards as wide as those above
        for column in range(3):
            people.setColumnStretch(column, 1)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(8)
        layout.addWidget(_section("Health of active communities"))
        layout.addLayout(health)
        layout.addSpacing(8)
        layout.addWidget(_section("Needs attention"))
        layout.addLayout(attention)
        layout.addSpacing(8)
        layout.addWidget(_section("Volunteers"))
        layout.addLayout(people)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        content.setObjectName("DashboardContent")
        content.setStyleSheet("#DashboardContent { background: #f5f7fb; }")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def reload(self) -> None:
        """Count again on the thread pool."""
        if self.loading:
            return
        self.loading = True
        run_task(self._count, on_done=self._show, on_error=self._failed)

    def _count(self) -> DashboardSummary:
        return dashboard_summary(list_communities(self.database), list_facilitators(self.database))

    def _show(self, summary: DashboardSummary) -> None:
        self.loading = False
        self.summary = summary
        total = summary.communities or 1
        for band, card in self.band_cards.items():
            count = summary.bands[band]
            card.set_value(count, f"{count * 100 / total:.0f} % of communities")
        self.unassigned.set_value(summary.unassigned, "without a volunteer")
        self.help_requested.set_value(summary.help_requested, "waiting for a volunteer's help")
        self.showcase.set_value(summary.showcase, "magnets for the others")
        self.volunteers.set_value(summary.volunteers, f"{summary.open_places:,} open places")
        self.with_room.set_value(summary.volunteers_with_room, "can take more communities")
        self.subtitle.setText(
            f"{summary.communities:,} active communities · {summary.volunteers:,} volunteers"
        )

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        self.subtitle.setText(f"Could not count: {error}")

    def _band_opener(self, band: HealthBand):  # type: ignore[no-untyped-def]
        def open_band() -> None:
            self.open_communities.emit(CommunityFilter(bands=frozenset({band})))

        return open_band

    def _show_unassigned(self) -> None:
        self.open_communities.emit(CommunityFilter(unassigned=True))

    def _show_help(self) -> None:
        self.open_communities.emit(CommunityFilter(help_requested=True))

    def _show_showcase(self) -> None:
        self.open_communities.emit(CommunityFilter(showcase=True))

    def _show_volunteers(self) -> None:
        self.open_volunteers.emit(FacilitatorFilter())

    def _show_with_room(self) -> None:
        self.open_volunteers.emit(FacilitatorFilter(with_room=True))


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("SectionTitle")
    return label

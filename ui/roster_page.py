"""The roster's content: the snapshot banner, whose roster it is, their communities and agenda."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coordinator.roster_view import CaseloadRow, Roster, SnapshotInfo, VolunteerEntry
from coordinator.worktime import now_in, utc_offset_text
from coordinator_ui.roster_columns import (
    EMAIL_KEY,
    RosterTableModel,
    caseload_columns,
    fit_columns,
    roster_table,
    upcoming_columns,
)
from coordinator_ui.theme import MUTED, icon

WEEK_CHOICES = (2, 4, 8)
MAX_CASELOAD_ROWS = 12

# Banner colours: calm blue for a fresh snapshot, amber for an old one, green for live data.
PAGE_STYLE = """
QFrame#RosterBanner { border-radius: 9px; border: 1px solid #c9d6fb; background: #eef2fe; }
QFrame#RosterBanner[tone="old"] { border-color: #f0d49a; background: #fff8e8; }
QFrame#RosterBanner[tone="live"] { border-color: #bfe3cf; background: #eefaf3; }
QFrame#RosterBanner QLabel { background: transparent; }
QLabel#BannerText { font-weight: 600; color: #1f2937; }
QFrame#EmptyCard { background: #ffffff; border: 1px solid #e2e6ee; border-radius: 12px; }
"""


def _section(title: str) -> tuple[QLabel, QHBoxLayout]:
    label = QLabel(title)
    label.setObjectName("SectionTitle")
    row = QHBoxLayout()
    row.setSpacing(8)
    row.addWidget(label)
    return label, row


class RosterPage(QWidget):
    """Everything right of the rail; the window fills it with ``set_roster``."""

    me_chosen = Signal(object)  # int | None: "I am …" changed
    back_requested = Signal()
    export_requested = Signal()
    weeks_changed = Signal(int)
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(PAGE_STYLE)
        self.roster: Roster | None = None
        self.is_me = False
        self.pending_event: tuple[str, datetime] | None = None  # selected when next shown

        self.banner = QFrame()
        self.banner.setObjectName("RosterBanner")
        self.banner_icon = QLabel()
        self.banner_text = QLabel("")
        self.banner_text.setObjectName("BannerText")
        self.banner_hint = QLabel("")
        self.banner_hint.setObjectName("Muted")
        banner = QHBoxLayout(self.banner)
        banner.setContentsMargins(12, 8, 12, 8)
        banner.setSpacing(8)
        banner.addWidget(self.banner_icon)
        banner.addWidget(self.banner_text)
        banner.addStretch(1)
        banner.addWidget(self.banner_hint)

        self.title = QLabel("Roster")
        self.title.setObjectName("PageTitle")
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("PageSubtitle")
        self.subtitle.setWordWrap(True)  # never widens the window
        self.back_button = QToolButton()
        self.back_button.setObjectName("ActionButton")
        self.back_button.setText("Back to my roster")
        self.back_button.setIcon(icon("volunteers", MUTED))
        self.back_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.back_button.clicked.connect(self.back_requested)
        self.back_button.hide()
        self.me_combo = QComboBox()
        self.me_combo.setToolTip("Who you are: your roster opens first next time")
        self.me_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.me_combo.setMinimumContentsLength(16)
        self.me_combo.activated.connect(self._on_me_activated)
        self.export_button = QPushButton("Export my calendar (.ics)…")
        self.export_button.setProperty("primary", True)
        self.export_button.setIcon(icon("schedule", "#ffffff"))
        self.export_button.setToolTip(
            "Save an .ics file for Outlook, Google, Apple Calendar or Thunderbird: these "
            "check-ins and every webinar session. Importing a newer file updates the events."
        )
        self.export_button.clicked.connect(self.export_requested)
        self.export_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.back_button)
        top.addSpacing(12)
        i_am = QLabel("I am")
        i_am.setObjectName("Muted")
        choose = QHBoxLayout()
        choose.setSpacing(6)
        choose.addWidget(i_am)
        choose.addWidget(self.me_combo)
        choose.addSpacing(6)
        choose.addWidget(self.export_button)
        top.addLayout(choose)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addLayout(top)
        heading.addWidget(self.subtitle)

        self.caseload_model = RosterTableModel(caseload_columns("UTC"), self)
        self.caseload_table = roster_table(self.caseload_model)
        self.caseload_table.clicked.connect(self._on_caseload_clicked)
        self.caseload_table.doubleClicked.connect(self._on_caseload_double_clicked)
        self.caseload_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.caseload_table.customContextMenuRequested.connect(self._caseload_menu)
        self.upcoming_model = RosterTableModel(upcoming_columns("UTC"), self)
        self.upcoming_table = roster_table(self.upcoming_model)
        self.caseload_table.viewport().installEventFilter(self)
        self.upcoming_table.viewport().installEventFilter(self)

        self.caseload_title, caseload_row = _section("Communities")
        hint = QLabel("Click an e-mail to copy it · double-click to write")
        hint.setObjectName("Muted")
        caseload_row.addStretch(1)
        caseload_row.addWidget(hint)
        self.upcoming_title, upcoming_row = _section("Upcoming")
        self.weeks = QComboBox()
        for weeks in WEEK_CHOICES:
            self.weeks.addItem(f"Next {weeks} weeks", weeks)
        self.weeks.setCurrentIndex(WEEK_CHOICES.index(4))
        self.weeks.setToolTip("How far ahead to list check-ins and webinar sessions")
        self.weeks.currentIndexChanged.connect(self._on_weeks)
        self.upcoming_zone = QLabel("")
        self.upcoming_zone.setObjectName("Muted")
        upcoming_row.addWidget(self.upcoming_zone)
        upcoming_row.addStretch(1)
        upcoming_row.addWidget(self.weeks)

        self.content = QWidget()
        box = QVBoxLayout(self.content)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        box.addLayout(caseload_row)
        box.addWidget(self.caseload_table)
        box.addSpacing(10)
        box.addLayout(upcoming_row)
        box.addWidget(self.upcoming_table, 1)

        self.empty = QFrame()
        self.empty.setObjectName("EmptyCard")
        self.empty_text = QLabel("")
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty = QVBoxLayout(self.empty)
        empty.setContentsMargins(40, 36, 40, 36)
        empty.addWidget(self.empty_text)
        # A wrapped label's height is not passed up through the stack: room for a heading
        # and two paragraphs, wrapped once each.
        self.empty.setMinimumHeight(self.fontMetrics().height() * 12)
        self.empty_page = QWidget()  # the card keeps its own height, at the top
        empty_page = QVBoxLayout(self.empty_page)
        empty_page.setContentsMargins(0, 0, 0, 0)
        empty_page.addWidget(self.empty)
        empty_page.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_page)
        self.stack.addWidget(self.content)
        self.show_empty("Loading the roster…")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 12)
        layout.setSpacing(10)
        layout.addWidget(self.banner)
        layout.addLayout(heading)
        layout.addSpacing(4)
        layout.addWidget(self.stack, 1)

    # -- filling --------------------------------------------------------------------------------
    def set_snapshot(self, info: SnapshotInfo, now: datetime | None = None) -> None:
        """The banner: how old the roster is (or that it is the live database)."""
        now = now or datetime.now(UTC)
        tone = "live" if info.live else ("old" if info.is_old(now) else "fresh")
        self.banner.setProperty("tone", tone)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        color = {"live": "#3aa76d", "old": "#d99a1e", "fresh": "#2f5bea"}[tone]
        size = self.fontMetrics().height() + 2
        name = "database" if info.live else ("warning" if tone == "old" else "clock")
        self.banner_icon.setPixmap(icon(name, color).pixmap(QSize(size, size)))
        self.banner_text.setText(info.banner_text(now))
        if info.published_at is not None:
            local = info.published_at.astimezone()
            self.banner_text.setToolTip(f"Published {local:%A %d %B %Y, %H:%M} (your time)")
        hint = "Read-only: nothing here can be changed"
        if tone == "old":
            hint = "This roster is getting old: ask the lead to publish a fresh one"
        elif info.live:
            hint = "Read-only view of the lead's database; changes show within a minute"
        self.banner_hint.setText(hint)

    def set_volunteers(self, volunteers: Sequence[VolunteerEntry], me_id: int | None) -> None:
        """Fill "I am …" (first entry: nobody chosen yet)."""
        self.me_combo.blockSignals(True)
        self.me_combo.clear()
        self.me_combo.addItem("Choose yourself…", None)
        for volunteer in volunteers:
            self.me_combo.addItem(volunteer.name, volunteer.id)
        self.me_combo.setCurrentIndex(max(self.me_combo.findData(me_id), 0))
        self.me_combo.blockSignals(False)

    def set_me(self, me_id: int | None) -> None:
        """Show ``me_id`` in "I am …" (without emitting ``me_chosen``)."""
        self.me_combo.blockSignals(True)
        self.me_combo.setCurrentIndex(max(self.me_combo.findData(me_id), 0))
        self.me_combo.blockSignals(False)

    def show_empty(self, text: str) -> None:
        """A message instead of the tables (no volunteer chosen, loading, nothing to show)."""
        self.empty_text.setText(text)
        self.stack.setCurrentWidget(self.empty_page)
        self.export_button.setEnabled(False)

    def set_roster(self, roster: Roster, *, is_me: bool, now: datetime | None = None) -> None:
        """Show ``roster``; ``is_me`` when it is the person's own."""
        previous = self.roster
        self.roster, self.is_me = roster, is_me
        person = roster.volunteer
        zone = person.time_zone
        self.title.setText(person.name if is_me else f"{person.name}'s roster")
        self.back_button.setVisible(not is_me and self.me_combo.currentData() is not None)
        self.export_button.setText(
            "Export my calendar (.ics)…" if is_me else "Export this calendar (.ics)…"
        )
        self.export_button.setEnabled(True)
        self.stack.setCurrentWidget(self.content)
        # The same rows again (the minute's re-read): keep the person's scroll and selection.
        same_person = previous is not None and previous.volunteer == person
        if not (same_person and previous.caseload == roster.caseload):
            self.caseload_model.columns = caseload_columns(zone)
            self.caseload_model.set_rows(roster.caseload)
        if not (same_person and previous.upcoming == roster.upcoming):
            self.upcoming_model.columns = upcoming_columns(zone)
            self.upcoming_model.set_rows(roster.upcoming)
        self._size_columns()
        mine = "My communities" if is_me else "Communities"
        self.caseload_title.setText(f"{mine} ({len(roster.caseload)})")
        what = f"{roster.check_ins} check-ins, {roster.webinars} webinar sessions"
        self.upcoming_title.setText(f"Upcoming — {what}")
        self.upcoming_zone.setText(f"Times in {zone} ({utc_offset_text(zone)})")
        self.refresh_clock(now)
        if self.pending_event is not None and is_me:
            self.select_event(*self.pending_event)
            self.pending_event = None

    def select_event(self, uid: str, start: datetime) -> bool:
        """Select (and scroll to) the agenda row of one occurrence; False when not listed."""
        for i, row in enumerate(self.upcoming_model.rows()):
            if row.uid == uid and row.start == start:
                self.upcoming_table.selectRow(i)
                self.upcoming_table.scrollTo(self.upcoming_model.index(i, 0))
                return True
        return False

    def refresh_clock(self, now: datetime | None = None) -> None:
        """Re-read the time: the subtitle's local time and the hosts' times (once a minute)."""
        now = now or datetime.now(UTC)
        self.caseload_model.refresh_clock(now)
        if self.roster is None:
            return
        person = self.roster.volunteer
        local = now_in(person.time_zone, now)
        hours = f"{person.work_start:%H:%M}–{person.work_end:%H:%M} {person.work_days}"
        self.subtitle.setText(
            f"{person.email}  ·  {person.time_zone}, now {local:%H:%M %a}  ·  works {hours}  ·  "
            f"{len(self.roster.caseload)} of {person.capacity} communities"
        )

    def _fit_caseload(self, rows: int) -> None:
        # A caseload is about ten rows: show them all (scroll beyond 12); the agenda gets the rest.
        table = self.caseload_table
        shown = min(max(rows, 1), MAX_CASELOAD_ROWS)
        height = table.horizontalHeader().sizeHint().height()
        height += shown * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth()
        if table.horizontalHeader().length() > table.viewport().width():
            height += table.horizontalScrollBar().sizeHint().height()  # narrow windows scroll
        table.setFixedHeight(height + 2)

    def _size_columns(self) -> None:
        self._fit_caseload_columns()
        fit_columns(self.upcoming_table, self.upcoming_model.column_index("what"))

    def _fit_caseload_columns(self) -> None:
        fit_columns(self.caseload_table, self.caseload_model.column_index("community"))
        self._fit_caseload(self.caseload_model.rowCount())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A table's viewport changed width (window, dock, scroll bar): share the room again.
        if event.type() == QEvent.Type.Resize and self.roster is not None:
            if watched is self.caseload_table.viewport():
                self._fit_caseload_columns()
            elif watched is self.upcoming_table.viewport():
                fit_columns(self.upcoming_table, self.upcoming_model.column_index("what"))
        return False

    # -- e-mail: copy or write ------------------------------------------------------------------
    def _email_at(self, index: QModelIndex) -> str:
        if not index.isValid():
            return ""
        row = self.caseload_model.row_at(index.row())
        return row.host_email if isinstance(row, CaseloadRow) else ""

    def _on_caseload_clicked(self, index: QModelIndex) -> None:
        if self.caseload_model.columns[index.column()].key == EMAIL_KEY:
            self.copy_email(self._email_at(index))

    def _on_caseload_double_clicked(self, index: QModelIndex) -> None:
        write_email(self._email_at(index))

    def copy_email(self, address: str) -> None:
        """Put ``address`` on the clipboard and say so in the status bar."""
        if address:
            QGuiApplication.clipboard().setText(address)
            self.status_message.emit(f"Copied {address} to the clipboard")

    def _caseload_menu(self, pos: object) -> None:
        address = self._email_at(self.caseload_table.indexAt(pos))  # type: ignore[arg-type]
        if not address:
            return
        menu = QMenu(self)
        menu.addAction(icon("file"), f"Copy {address}", lambda: self.copy_email(address))
        menu.addAction(icon("globe"), "Write an e-mail…", lambda: write_email(address))
        menu.exec(self.caseload_table.viewport().mapToGlobal(pos))  # type: ignore[arg-type]

    def _on_me_activated(self, _index: int) -> None:
        self.me_chosen.emit(self.me_combo.currentData())

    def _on_weeks(self, _index: int) -> None:
        self.weeks_changed.emit(int(self.weeks.currentData()))

    def selected_weeks(self) -> int:
        """How many weeks ahead the agenda reaches."""
        return int(self.weeks.currentData())


def write_email(address: str) -> bool:
    """Open the person's mail program on a new message to ``address``."""
    return bool(address) and QDesktopServices.openUrl(QUrl(f"mailto:{address}"))

"""The roster's two tables: a volunteer's communities and what is coming up, as named columns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from coordinator.health import band_rank
from coordinator.roster_view import CaseloadRow, UpcomingRow
from coordinator.scheduling.events import CHECK_IN
from coordinator.worktime import now_in, utc_offset_text
from coordinator_ui.columns import local_time, zone_text
from coordinator_ui.table_models import Column, RowTableModel
from coordinator_ui.theme import ACCENT, MUTED, band_icon, icon

AT_WORK = "#3aa76d"
EMAIL_KEY = "email"


def _host_clock_icon(row: CaseloadRow) -> QIcon:
    # Green while the host is at work: a good moment to call or write.
    return icon("clock", AT_WORK if row.host_at_work(datetime.now().astimezone()) else MUTED)


def _host_clock_tip(row: CaseloadRow, now: datetime) -> str:
    start, end, days = row.host_hours
    state = "at work now" if row.host_at_work(now) else "outside working hours now"
    return (
        f"Now in {zone_text(row.host_zone, now)} — {state}\n"
        f"{row.host_name or 'The host'} works {start:%H:%M}–{end:%H:%M} {days}"
    )


def _community_icon(row: CaseloadRow) -> QIcon | None:
    if row.help_requested_on is not None:
        return icon("help", "#d9363e")
    return icon("showcase", "#e0a526") if row.showcase else None


def _community_tip(row: CaseloadRow, _now: datetime) -> str:
    lines = [row.community, f"{row.language} · {row.members:,} members"]
    if row.showcase:
        lines.append("Showcase community")
    if row.help_requested_on is not None:
        lines.append(f"Asked for help on {row.help_requested_on:%d %b %Y}")
    return "\n".join(lines)


def _next_text(row: CaseloadRow, zone: str) -> str:
    if row.next_check_in is None:
        return "—"
    return now_in(zone, row.next_check_in).strftime("%a %d %b %H:%M")


def _until_tip(row: CaseloadRow, now: datetime) -> str:
    days = row.days_left(now.date())
    if days < 0:
        return f"Ended {-days} days ago (started {row.starts_on:%d %b %Y})"
    return f"Coaching since {row.starts_on:%d %b %Y}; {days} days left"


def caseload_columns(zone: str) -> list[Column[CaseloadRow]]:
    """Columns of the caseload table; times of the next check-in are shown in ``zone``."""
    return [
        Column(
            "community",
            "Community",
            lambda r, _: r.community,
            icon=_community_icon,
            tooltip=_community_tip,
            width_chars=28,
        ),
        Column(
            "band",
            "Health",
            lambda r, _: r.band.value.capitalize(),
            sort=lambda r: band_rank(r.band),
            icon=lambda r: band_icon(r.band),
            width_chars=12,
        ),
        Column("host", "Host", lambda r, _: r.host_name, width_chars=16),
        Column(
            EMAIL_KEY,
            "E-mail",
            lambda r, _: r.host_email,
            tooltip=lambda r, _: f"Click to copy {r.host_email}; double-click to write an e-mail",
            width_chars=24,
        ),
        Column(
            "host_time",
            "Local time",
            lambda r, now: local_time(r.host_zone, now),
            sort=lambda r: now_in(r.host_zone).utcoffset(),
            icon=_host_clock_icon,
            tooltip=_host_clock_tip,
            clock=True,
            width_chars=13,
        ),
        Column(
            "host_zone",
            "Host zone",
            lambda r, _: r.host_zone,
            tooltip=lambda r, now: zone_text(r.host_zone, now),
            sort=lambda r: (now_in(r.host_zone).utcoffset(), r.host_zone),
            clock=True,
            width_chars=26,
        ),
        Column(
            "next",
            "Next check-in",
            lambda r, _: _next_text(r, zone),
            sort=lambda r: (r.next_check_in is None, r.next_check_in),
            tooltip=lambda r, _: (
                f"In your zone ({zone})"
                if r.next_check_in
                else "No check-in planned in this period: ask the lead, or agree one with the host"
            ),
            width_chars=16,
        ),
        Column(
            "until",
            "Until",
            lambda r, _: f"{r.ends_on:%d %b %Y}",
            sort=lambda r: r.ends_on,
            tooltip=_until_tip,
            width_chars=12,
        ),
    ]


def _host_time(row: UpcomingRow, _now: datetime) -> str:
    start = row.host_start
    if start is None or row.host_zone is None:
        return ""
    return f"{start:%H:%M %a} · {row.host_zone}"


def _note(row: UpcomingRow, _now: datetime) -> str:
    if row.cancelled:
        return "Cancelled"
    if row.moved:
        return "Moved"
    if row.kind != CHECK_IN and not row.in_working_hours:
        return "Off hours"
    return ""  # nothing to say about an ordinary occurrence


def _note_tip(row: UpcomingRow, _now: datetime) -> str:
    if row.kind != CHECK_IN and not row.in_working_hours:
        return "Outside working hours: another session of this webinar may suit better"
    return ""


def upcoming_columns(zone: str) -> list[Column[UpcomingRow]]:
    """Columns of the upcoming table: day and time in ``zone`` (the volunteer's), the host's."""
    offset = utc_offset_text(zone)
    return [
        Column(
            "day",
            "Day",
            lambda r, _: f"{r.local_start:%a %d %b}",
            sort=lambda r: r.start,
            width_chars=11,
        ),
        Column(
            "time",
            f"Time ({zone})",
            lambda r, _: f"{r.local_start:%H:%M}–{r.local_end:%H:%M}",
            sort=lambda r: r.start,
            tooltip=lambda r, _: f"{r.local_start:%A %d %B %Y, %H:%M} in {zone} ({offset})",
            width_chars=max(16, len(zone) + 8),
        ),
        Column(
            "what",
            "What",
            # The icon says check-in or webinar: the community's name is enough text.
            lambda r, _: r.community if r.kind == CHECK_IN and r.community else r.title,
            icon=lambda r: icon("communities" if r.kind == CHECK_IN else "globe", MUTED),
            tooltip=lambda r, _: f"{r.title} with {r.host_name}" if r.host_name else r.title,
            width_chars=36,
        ),
        Column(
            "with",
            "With",
            lambda r, _: r.host_name if r.kind == CHECK_IN else "Everyone",
            tooltip=lambda r, _: "" if r.kind == CHECK_IN else "Open to every volunteer and host",
            width_chars=14,
        ),
        Column(
            "host_time",
            "Host's time",
            _host_time,
            sort=lambda r: r.start,
            width_chars=24,
        ),
        Column("note", "Note", _note, tooltip=_note_tip, width_chars=10),
    ]


_Index = QModelIndex | QPersistentModelIndex


class RosterTableModel(RowTableModel[Any]):
    """A row table whose e-mail column looks like a link and whose ``muted`` rows are grey."""

    def __init__(self, columns: list[Column[Any]], parent: Any = None) -> None:
        super().__init__(columns, parent)
        self._muted_brush = QBrush(QColor(MUTED))
        self._link_brush = QBrush(QColor(ACCENT))
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid():
            row = self.row_at(index.row())
            key = self.columns[index.column()].key
            if role == Qt.ItemDataRole.ForegroundRole:
                if is_muted(row):
                    return self._muted_brush
                if key == EMAIL_KEY:
                    return self._link_brush
            if role == Qt.ItemDataRole.FontRole and getattr(row, "cancelled", False):
                return self._struck
        return super().data(index, role)


def is_muted(row: object) -> bool:
    """Cancelled occurrences and webinar sessions outside the volunteer's hours are greyed."""
    if not isinstance(row, UpcomingRow):
        return False
    return row.cancelled or (row.kind != CHECK_IN and not row.in_working_hours)


def roster_table(model: RosterTableModel) -> QTableView:
    """A read-only, sortable table in the main window's look (rows cannot be edited)."""
    table = QTableView()
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() * 2)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    # Qt's default indicator is descending; the rows come sorted by the first column.
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    return table


def fit_columns(table: QTableView, grow: int) -> None:
    """Columns as wide as their contents; column ``grow`` takes what is left (or scroll)."""
    # A handful of rows, so measuring them all is cheap. The name column never shrinks below
    # its text: at narrow widths the table scrolls sideways rather than showing "Cust…".
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    table.resizeColumnsToContents()
    cap = table.fontMetrics().averageCharWidth() * 56
    header.resizeSection(grow, min(header.sectionSize(grow), cap))
    spare = table.viewport().width() - header.length()
    if spare > 0:
        header.resizeSection(grow, header.sectionSize(grow) + spare)

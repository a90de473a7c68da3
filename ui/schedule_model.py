"""The agenda's item model: one row per event, shown in the viewer's zone with both parties'."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimeZone
from PySide6.QtGui import QBrush, QColor, QFont

from coordinator.domain import WEEKDAY_NAMES, OccurrenceStatus
from coordinator.scheduling.events import CHECK_IN, Event

_Index = QModelIndex | QPersistentModelIndex
EVENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the Event of a row
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2  # True when the row's assignment is overdue

STATUS_COLORS = {
    OccurrenceStatus.DONE: "#2e7d4f",
    OccurrenceStatus.MISSED: "#b3261e",
    OccurrenceStatus.CANCELLED: "#8a94a6",
    OccurrenceStatus.MOVED: "#2f5bea",
}
OVERDUE_COLOR = "#b3261e"
WEEK, MONTH = "week", "month"
DAY_SHADE = "#f3f5f9"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# Formatting by hand, not strftime: in a PySide process every strftime goes through Python's
# import hook (datetime imports "time" per call), which made a month of rows take seconds.
def clock_text(local: datetime) -> str:
    """``09:05``."""
    return f"{local.hour:02d}:{local.minute:02d}"


def day_text(local: datetime) -> str:
    """``Tue 08 Sep``."""
    return f"{WEEKDAY_NAMES[local.weekday()]} {local.day:02d} {_MONTHS[local.month - 1]}"


@cache
def _tz(name: str) -> ZoneInfo:
    # ZoneInfo keeps only a few zones strongly cached; a month of rows touches dozens.
    return ZoneInfo(name)


def local_label(at: datetime, zone: str, *, weekday: bool = True) -> str:
    """``Tue 09:00 Europe/Stockholm`` (weekday optional)."""
    local = at.astimezone(_tz(zone))
    day = f"{WEEKDAY_NAMES[local.weekday()]} " if weekday else ""
    return f"{day}{clock_text(local)} {zone}"


def both_parties(event: Event) -> str:
    """Both parties' local times, e.g. ``Tue 13:30 Asia/Kolkata · 10:00 Europe/Stockholm``."""
    zones = [z for z in (event.facilitator_zone, event.host_zone) if z] or [event.time_zone]
    first = event.start.astimezone(_tz(zones[0]))
    parts = [f"{WEEKDAY_NAMES[first.weekday()]} {clock_text(first)} {zones[0]}"]
    for zone in zones[1:]:
        local = event.start.astimezone(_tz(zone))
        day = "" if local.date() == first.date() else f"{WEEKDAY_NAMES[local.weekday()]} "
        parts.append(f"{day}{clock_text(local)} {zone}")
    return " · ".join(parts)


class AgendaModel(QAbstractTableModel):
    """Events of a week or month, sorted by start, with day grouping in the viewer's zone."""

    COLUMNS = ("Day", "Time", "What", "Local times", "Status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._events: list[Event] = []
        self._zone = "UTC"
        self._overdue: frozenset[int] = frozenset()
        self._cells: list[tuple[str, ...]] = []
        self._first_of_day: list[bool] = []
        self._shade: list[bool] = []
        # Styles are built once and the same objects returned: cheaper, and PySide6 6.12 on
        # CPython 3.11 loses a reference to None for each temporary QFont data() returns.
        self._fonts: dict[tuple[bool, bool], QFont] = {}
        for bold in (False, True):
            for strike in (False, True):
                font = QFont()
                font.setBold(bold)
                font.setStrikeOut(strike)
                self._fonts[(bold, strike)] = font
        colors = [DAY_SHADE, OVERDUE_COLOR, *STATUS_COLORS.values()]
        self._brushes = {color: QBrush(QColor(color)) for color in colors}

    def set_events(
        self, events: Sequence[Event], zone: str, overdue_assignments: Collection[int] = ()
    ) -> None:
        """Show ``events`` in ``zone``; rows of overdue assignments are flagged."""
        self.beginResetModel()
        self._events, self._zone = list(events), zone
        self._overdue = frozenset(overdue_assignments)
        tz = ZoneInfo(zone)
        self._cells, self._first_of_day, self._shade = [], [], []
        previous, shade = None, True
        for event in self._events:
            start, end = event.start.astimezone(tz), event.end.astimezone(tz)
            day = start.date()
            if day != previous:
                shade = not shade
            self._first_of_day.append(day != previous)
            self._shade.append(shade)
            previous = day
            what = event.title.split(": ", 1)[-1]
            status = event.status.value
            if event.moved and event.status != OccurrenceStatus.MOVED:
                status += " (moved)"
            if self._is_overdue(event):
                status += " · overdue"
            self._cells.append(
                (
                    day_text(start),
                    f"{clock_text(start)}–{clock_text(end)}",
                    what,
                    both_parties(event),
                    status,
                )
            )
        self.endResetModel()

    def _is_overdue(self, event: Event) -> bool:
        """Flag still-open check-ins of an overdue assignment (logged ones are history)."""
        return (
            event.kind == CHECK_IN
            and event.assignment_id in self._overdue
            and event.status in (OccurrenceStatus.SCHEDULED, OccurrenceStatus.MOVED)
        )

    @property
    def zone(self) -> str:
        """The zone the Day and Time columns are in."""
        return self._zone

    def event_at(self, row: int) -> Event:
        """The event shown on ``row``."""
        return self._events[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == 1:
                return f"Time ({self._zone})"
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        event = self._events[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0 and not self._first_of_day[row]:
                return ""  # the day is written once per group, like an agenda
            return self._cells[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{event.title}\n{both_parties(event)}\n{event.notes}".strip()
        if role == EVENT_ROLE:
            return event
        if role == OVERDUE_ROLE:
            return self._is_overdue(event)
        if role == Qt.ItemDataRole.BackgroundRole and self._shade[row]:
            return self._brushes[DAY_SHADE]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 4 and self._is_overdue(event):
                return self._brushes[OVERDUE_COLOR]
            color = STATUS_COLORS.get(event.status)
            return self._brushes[color] if color and column in (2, 4) else None
        if role == Qt.ItemDataRole.FontRole:
            cancelled = event.status == OccurrenceStatus.CANCELLED
            return self._fonts[(column == 0, cancelled and column in (1, 2, 3))]
        return None


def machine_zone() -> str:
    """The IANA zone of this computer (UTC when it cannot be told)."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


def period_bounds(anchor: date, mode: str) -> tuple[date, date]:
    """First day and the day after the last of the week (from Monday) or month of ``anchor``."""
    if mode == WEEK:
        first = anchor - timedelta(days=anchor.weekday())
        return first, first + timedelta(days=7)
    first = anchor.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1)

"""What a schedule build reports: one line per change, counts, and how a rule reads."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from coordinator.domain import WEEKDAY_NAMES, Cadence
from coordinator.models import CheckInSeries
from coordinator.scheduling.recurrence import ClockCache, cadence_text, first_on_or_after
from coordinator.scheduling.slots import SlotChoice


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    """One line of a build: what happened to which assignment's check-ins."""

    action: str  # created / changed / ended / replaced / unplaced / warning
    assignment_id: int
    series_id: int | None
    text: str


@dataclass
class BuildReport:
    """What ``build_schedule`` did, for the command's output and the audit entry."""

    start: date
    horizon_end: date
    changes: list[ScheduleChange] = field(default_factory=list)
    unchanged: int = 0

    def count(self, action: str) -> int:
        """How many changes of one kind."""
        return sum(1 for c in self.changes if c.action == action)

    def summary(self) -> str:
        """One line: counts per kind of change."""
        kinds = ("created", "changed", "replaced", "ended", "unplaced", "warning")
        parts = [f"{self.count(k)} {k}" for k in kinds if self.count(k)]
        return ", ".join([*parts, f"{self.unchanged} unchanged"])


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's end (Jan 31 + 1 → Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def describe(
    series: CheckInSeries | SlotChoice, host_zone: str, days: Collection[int] | None = None
) -> str:
    """``weekly on Tue 13:30 Asia/Kolkata (09:00 Europe/Stockholm)`` for a series or slot."""
    clock = ClockCache()[series.time_zone]
    first = series.starts_on
    if series.cadence != Cadence.DAILY:
        first = first_on_or_after(first, series.weekday)
    at = clock.instant(first, series.local_time).astimezone(ZoneInfo(host_zone))
    rule = cadence_text(series.cadence, series.weekday, days)
    return (
        f"{rule} {series.local_time:%H:%M} {series.time_zone} "
        f"({WEEKDAY_NAMES[at.weekday()]} {at:%H:%M} {host_zone}), {series.duration_minutes} min"
    )

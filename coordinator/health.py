"""Health bands from monthly activity, with hysteresis so labels do not flap.

Raw band of a month: dormant when nobody was active or nothing was posted; otherwise by the
share of members active that month (thresholds in settings). The shown band rises at once
but falls only after two consecutive months below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from coordinator.domain import HealthBand
from coordinator.settings import HealthThresholds

_ORDER = [HealthBand.DORMANT, HealthBand.QUIET, HealthBand.ACTIVE, HealthBand.REALLY_ACTIVE]
_RANK = {band: i for i, band in enumerate(_ORDER)}


class Trend(StrEnum):
    UP = "up"
    DOWN = "down"
    FLAT = "flat"


@dataclass(frozen=True, slots=True)
class MonthActivity:
    """One month of a community's activity (a plain copy of an ActivitySnapshot row)."""

    month: date
    active_members: int
    posts: int
    replies: int


def raw_band(activity: MonthActivity, members: int, thresholds: HealthThresholds) -> HealthBand:
    """The band one month's figures fall in, without hysteresis."""
    if activity.active_members <= 0 or activity.posts + activity.replies <= 0:
        return HealthBand.DORMANT
    share = activity.active_members / members if members > 0 else 1.0
    if share >= thresholds.really_active_share:
        return HealthBand.REALLY_ACTIVE
    if share >= thresholds.active_share:
        return HealthBand.ACTIVE
    return HealthBand.QUIET


def band_history(
    months: Sequence[MonthActivity], members: int, thresholds: HealthThresholds
) -> list[HealthBand]:
    """The shown band after each month (oldest first), with hysteresis applied."""
    shown: list[HealthBand] = []
    current: HealthBand | None = None
    previous_raw: HealthBand | None = None
    for activity in sorted(months, key=lambda m: m.month):
        raw = raw_band(activity, members, thresholds)
        if current is None or _RANK[raw] >= _RANK[current]:
            current = raw
        elif previous_raw is not None and _RANK[previous_raw] < _RANK[current]:
            # Second low month in a row: fall to the better of the two low months.
            current = _ORDER[max(_RANK[raw], _RANK[previous_raw])]
        previous_raw = raw
        shown.append(current)
    return shown


def current_band(
    months: Sequence[MonthActivity], members: int, thresholds: HealthThresholds
) -> HealthBand:
    """The band shown now (``unknown`` when no activity was ever imported)."""
    history = band_history(months, members, thresholds)
    return history[-1] if history else HealthBand.UNKNOWN


def trend(months: Sequence[MonthActivity], window: int = 3) -> Trend:
    """Direction of the active-member count: last ``window`` months against the ones before."""
    ordered = sorted(months, key=lambda m: m.month)
    if len(ordered) < 2:
        return Trend.FLAT
    recent = ordered[-window:]
    before = ordered[-2 * window : -window] or ordered[:1]
    now = sum(m.active_members for m in recent) / len(recent)
    then = sum(m.active_members for m in before) / len(before)
    if then == 0:
        return Trend.UP if now > 0 else Trend.FLAT
    change = (now - then) / then
    if change > 0.10:
        return Trend.UP
    if change < -0.10:
        return Trend.DOWN
    return Trend.FLAT


def band_rank(band: HealthBand) -> int:
    """Sort key: dormant 0 … really active 3; unknown -1."""
    return _RANK.get(band, -1)

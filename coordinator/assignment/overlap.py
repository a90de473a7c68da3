"""Shared working time between many hosts and many volunteers, on real dates, DST-aware.

``worktime.overlap_minutes_per_week`` is exact but walks every day of the period for one pair;
5,000 × 500 pairs that way would take minutes. People share few working patterns (zone, hours,
days), so each distinct pattern is expanded to UTC intervals once, and the overlap of two
patterns is read off a cumulative "working minutes so far" curve with ``numpy.interp``.
The result equals ``overlap_minutes_per_week`` for every pair (same padding and clipping).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from coordinator.worktime import WorkWeek, to_utc

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = _EPOCH.date().toordinal()


def pattern_key(week: WorkWeek) -> Hashable:
    """What makes two working weeks identical for overlap purposes."""
    return (week.time_zone, week.start, week.end, week.days)


def _minutes(instant: datetime) -> float:
    return (instant - _EPOCH).total_seconds() / 60.0


@lru_cache(maxsize=512)
def _zone_days(zone: str, first: date, last: date) -> tuple[NDArray[np.int64], ...]:
    """Days first … last: ordinal, UTC offset at noon (minutes), and whether the offset moves.

    A day is *irregular* when the offset at its noon differs from a neighbouring noon, i.e.
    a DST transition may fall inside it; those days are converted exactly, the rest by
    arithmetic.
    """
    tz = ZoneInfo(zone)
    count = (last - first).days + 1
    noons = [
        (datetime.combine(first + timedelta(days=k), time(12), tz).utcoffset() or timedelta(0))
        for k in range(-1, count + 1)
    ]
    offsets = np.array([o.total_seconds() / 60 for o in noons])
    moved = offsets[1:] != offsets[:-1]  # between noon k-1 and noon k (k from first)
    irregular = moved[:-1] | moved[1:]
    ordinals = first.toordinal() + np.arange(count, dtype=np.int64)
    return ordinals, offsets[1:-1], irregular


@lru_cache(maxsize=4096)
def _intervals(week: WorkWeek, first: date, last: date) -> tuple[NDArray[np.float64], ...]:
    """UTC working intervals (epoch minutes) of ``week`` around ``first`` … ``last``."""
    ordinals, offsets, irregular = _zone_days(
        week.time_zone, first - timedelta(days=1), last + timedelta(days=1)
    )
    working = np.isin((ordinals - 1) % 7, list(week.days))  # ordinal 1 was a Monday
    day_minutes = (ordinals - _EPOCH_ORDINAL) * 1440.0 - offsets
    starts = day_minutes + week.start.hour * 60 + week.start.minute
    ends = day_minutes + week.end.hour * 60 + week.end.minute
    tz = ZoneInfo(week.time_zone)
    for k in np.flatnonzero(irregular & working):
        day = date.fromordinal(int(ordinals[k]))
        starts[k] = _minutes(to_utc(datetime.combine(day, week.start), tz))
        ends[k] = _minutes(to_utc(datetime.combine(day, week.end), tz))
    return starts[working], ends[working]


def _cumulative(starts: NDArray[np.float64], ends: NDArray[np.float64]) -> tuple:
    """Breakpoints and values of "working minutes up to x" for disjoint sorted intervals."""
    xp = np.empty(2 * len(starts))
    xp[0::2], xp[1::2] = starts, ends
    lengths = ends - starts
    fp = np.empty(2 * len(starts))
    fp[1::2] = np.cumsum(lengths)
    fp[0::2] = fp[1::2] - lengths
    return xp, fp


@dataclass(frozen=True)
class OverlapGroups:
    """Shared minutes a week between distinct patterns, and each person's pattern."""

    table: NDArray[np.float64]  # (host patterns, volunteer patterns)
    host_group: NDArray[np.int64]  # (hosts,)
    volunteer_group: NDArray[np.int64]  # (volunteers,)

    def pair(self, host: int, volunteer: int) -> float:
        """Minutes a week shared by one host and one volunteer."""
        return float(self.table[self.host_group[host], self.volunteer_group[volunteer]])

    def row(self, host: int) -> NDArray[np.float64]:
        """Minutes a week one host shares with every volunteer."""
        return self.table[self.host_group[host]][self.volunteer_group]

    def spread(self, group_values: NDArray) -> NDArray:
        """A per-pattern-pair table (same shape as ``table``) spread to hosts × volunteers."""
        return group_values[self.host_group][:, self.volunteer_group]


def overlap_groups(
    hosts: Sequence[WorkWeek], volunteers: Sequence[WorkWeek], first: date, last: date
) -> OverlapGroups:
    """Average shared minutes per week over first … last, computed once per pattern pair."""
    host_keys: dict[Hashable, int] = {}
    host_group = np.array(
        [host_keys.setdefault(pattern_key(w), len(host_keys)) for w in hosts], dtype=np.int64
    )
    vol_keys: dict[Hashable, int] = {}
    volunteer_group = np.array(
        [vol_keys.setdefault(pattern_key(w), len(vol_keys)) for w in volunteers], dtype=np.int64
    )
    h_list = list({pattern_key(w): w for w in hosts}.values())
    v_list = list({pattern_key(w): w for w in volunteers}.values())
    lo = _minutes(datetime.combine(first, time(0), UTC))
    hi = _minutes(datetime.combine(last + timedelta(days=1), time(0), UTC))
    # Every volunteer pattern's intervals, clipped to the period, concatenated.
    pieces = []
    for j, week in enumerate(v_list):
        starts, ends = _intervals(week, first, last)
        s, e = np.maximum(starts, lo), np.minimum(ends, hi)
        keep = e > s
        pieces.append((s[keep], e[keep], np.full(int(keep.sum()), j)))
    v_starts = np.concatenate([p[0] for p in pieces] or [np.zeros(0)])
    v_ends = np.concatenate([p[1] for p in pieces] or [np.zeros(0)])
    v_owner = np.concatenate([p[2] for p in pieces] or [np.zeros(0, dtype=np.int64)])
    table = np.zeros((len(h_list), len(v_list)))
    for i, week in enumerate(h_list):
        xp, fp = _cumulative(*_intervals(week, first, last))
        if len(xp) and len(v_starts):
            # F(x) = working minutes of this host before x; overlap with [s, e) is F(e) - F(s).
            shared = np.interp(v_ends, xp, fp) - np.interp(v_starts, xp, fp)
            table[i] = np.bincount(v_owner, weights=shared, minlength=len(v_list))
    weeks = ((last - first).days + 1) / 7
    table /= weeks if weeks > 0 else 1.0
    return OverlapGroups(table, host_group, volunteer_group)


def overlap_table(
    hosts: Sequence[WorkWeek], volunteers: Sequence[WorkWeek], first: date, last: date
) -> NDArray[np.float64]:
    """Average shared minutes per week, ``hosts[i]`` × ``volunteers[j]``, over first … last."""
    groups = overlap_groups(hosts, volunteers, first, last)
    return groups.spread(groups.table)

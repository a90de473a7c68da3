"""Band histories: every community's band month by month, from one read of the snapshots.

The shown band follows ``coordinator.health`` (hysteresis); a month without a snapshot keeps
the band of the last month before it, as the Communities list does, and is ``unknown``
before a community's first snapshot.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator.domain import HealthBand
from coordinator.health import MonthActivity, Trend, band_history, raw_band, trend
from coordinator.models import ActivitySnapshot, Community
from coordinator.settings import HealthThresholds

# Best first: the order of tables, legends and stacked charts (bottom to top is reversed).
BANDS_BEST_FIRST: tuple[HealthBand, ...] = (
    HealthBand.REALLY_ACTIVE,
    HealthBand.ACTIVE,
    HealthBand.QUIET,
    HealthBand.DORMANT,
    HealthBand.UNKNOWN,
)


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def shift_month(month: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``month``'s."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_span(last: date, count: int) -> list[date]:
    """``count`` month starts ending with ``last``'s month, oldest first."""
    end = month_start(last)
    return [shift_month(end, k) for k in range(1 - count, 1)]


def parse_month(text: str) -> date:
    """``2026-10`` → 1 Oct 2026 (``ValueError`` with a readable message otherwise)."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a month (expected YYYY-MM, e.g. 2026-10)") from None


@dataclass(frozen=True, slots=True)
class CommunityHistory:
    """One community's months with a snapshot (oldest first) and its bands in them."""

    community_id: int
    members: int
    months: tuple[date, ...]
    raw: tuple[HealthBand, ...]
    shown: tuple[HealthBand, ...]
    activity: tuple[MonthActivity, ...]

    def _last_index(self, month: date) -> int:
        """Index of the last snapshot at or before ``month`` (-1 when there is none)."""
        return bisect_right(self.months, month) - 1

    def band_at(self, month: date) -> HealthBand:
        """The shown band as of ``month`` (``unknown`` before the first snapshot)."""
        i = self._last_index(month)
        return self.shown[i] if i >= 0 else HealthBand.UNKNOWN

    def bands(self, months: Iterable[date]) -> list[HealthBand]:
        """The shown band as of each of ``months``."""
        return [self.band_at(m) for m in months]

    def active_members(self, months: Iterable[date]) -> list[int | None]:
        """Active members in each month (None where no snapshot was imported)."""
        by_month = {a.month: a.active_members for a in self.activity}
        return [by_month.get(m) for m in months]

    def trend_at(self, month: date) -> Trend:
        """The activity trend from the snapshots up to ``month``."""
        return trend(self.activity[: self._last_index(month) + 1])

    def really_active_streak(self, month: date) -> int:
        """Consecutive months up to ``month`` whose own figures were really active.

        Raw bands, not the shown ones: hysteresis keeps a band one month after a fall, and a
        showcase must have earned every month of the streak. A gap in the snapshots ends it.
        """
        i = self._last_index(month)
        if i < 0 or self.months[i] != month:
            return 0
        streak = 0
        expected = month
        while i >= 0 and self.months[i] == expected and self.raw[i] == HealthBand.REALLY_ACTIVE:
            streak += 1
            i -= 1
            expected = shift_month(expected, -1)
        return streak


def build_history(
    community_id: int,
    members: int,
    activity: Sequence[MonthActivity],
    thresholds: HealthThresholds,
) -> CommunityHistory:
    """The history of one community from its monthly activity."""
    ordered = tuple(sorted(activity, key=lambda a: a.month))
    return CommunityHistory(
        community_id=community_id,
        members=members,
        months=tuple(a.month for a in ordered),
        raw=tuple(raw_band(a, members, thresholds) for a in ordered),
        shown=tuple(band_history(ordered, members, thresholds)),
        activity=ordered,
    )


def load_histories(
    session: Session, thresholds: HealthThresholds, *, until: date | None = None
) -> dict[int, CommunityHistory]:
    """Every community's history from one query over the snapshots (up to ``until``'s month)."""
    query = (
        select(
            ActivitySnapshot.community_id,
            Community.members,
            ActivitySnapshot.month,
            ActivitySnapshot.active_members,
            ActivitySnapshot.posts,
            ActivitySnapshot.replies,
        )
        .join(Community, ActivitySnapshot.community_id == Community.id)
        .order_by(ActivitySnapshot.community_id, ActivitySnapshot.month)
    )
    if until is not None:
        query = query.where(ActivitySnapshot.month <= month_start(until))
    grouped: dict[int, tuple[int, list[MonthActivity]]] = {}
    for community_id, members, month, active, posts, replies in session.execute(query):
        entry = grouped.setdefault(community_id, (members, []))
        entry[1].append(MonthActivity(month, active, posts, replies))
    return {
        cid: build_history(cid, members, activity, thresholds)
        for cid, (members, activity) in grouped.items()
    }


def activity_by_community(
    histories: Mapping[int, CommunityHistory],
) -> dict[int, tuple[MonthActivity, ...]]:
    """Each community's snapshots, as ``queries.read_communities`` takes them (not read again)."""
    return {cid: history.activity for cid, history in histories.items()}


def latest_month(histories: Mapping[int, CommunityHistory]) -> date | None:
    """The newest month any community has a snapshot for."""
    return max((h.months[-1] for h in histories.values() if h.months), default=None)


@dataclass(frozen=True, slots=True)
class MonthBands:
    """How many communities were in each band as of one month."""

    month: date
    counts: Mapping[HealthBand, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, band: HealthBand) -> float:
        """The band's share of the communities counted (0 when there are none)."""
        return self.counts.get(band, 0) / self.total if self.total else 0.0


def band_counts(
    histories: Mapping[int, CommunityHistory], community_ids: Iterable[int], month: date
) -> dict[HealthBand, int]:
    """Communities per band as of ``month`` (every band present, zeros included)."""
    counts = dict.fromkeys(BANDS_BEST_FIRST, 0)
    for cid in community_ids:
        history = histories.get(cid)
        counts[history.band_at(month) if history else HealthBand.UNKNOWN] += 1
    return counts


def band_trend(
    histories: Mapping[int, CommunityHistory], community_ids: Iterable[int], months: Sequence[date]
) -> list[MonthBands]:
    """Band counts for each of ``months`` (the programme's month-by-month chart)."""
    ids = list(community_ids)
    return [MonthBands(m, band_counts(histories, ids, m)) for m in months]

"""The cost and eligibility matrices: communities in the pool × every volunteer.

Costs are integers (hundredths of a "point") so optimality can be checked exactly. A pair is
*eligible* only when the volunteer is available on the start date, speaks the community's
language and shares at least ``settings.min_overlap_minutes`` of working time a week with the
host on the real dates of the assignment period. Among eligible pairs the cost grows with
thin overlap and uncovered topics; leaving a community unassigned costs its priority penalty,
which is larger than any pair cost, so nobody is left out while someone who fits has room.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from coordinator.assignment.overlap import OverlapGroups, overlap_groups
from coordinator.assignment.programme import (
    CommunityRow,
    CurrentAssignment,
    Programme,
    VolunteerRow,
)
from coordinator.assignment.solver import SlotProblem
from coordinator.domain import HealthBand

# Slot designations, in the order remainders are handed out.
BANDS: tuple[HealthBand, ...] = (
    HealthBand.DORMANT,
    HealthBand.QUIET,
    HealthBand.ACTIVE,
    HealthBand.REALLY_ACTIVE,
    HealthBand.UNKNOWN,
)
BAND_INDEX = {band: i for i, band in enumerate(BANDS)}
UNITS = 100  # cost units per point


@dataclass(frozen=True)
class Weights:
    """How much each criterion weighs, in points (a point is 1/100 of the leaving-out cost)."""

    overlap: float = 30.0  # cost at the minimum overlap, falling to 0 at ``comfortable_overlap``
    comfortable_overlap_minutes: float = 600.0  # 10 h a week
    topics: float = 20.0  # cost when none of the community's topics is among the skills
    band_mismatch: float = 12.0  # a slot meant for another health band (caseload mix)
    switch: float = 25.0  # rebalance: moving a community away from its volunteer
    unassigned: float = 100.0
    help_requested: float = 80.0
    new_community: float = 40.0
    dormant: float = 50.0
    quiet: float = 30.0
    unknown_health: float = 10.0
    keep_served: float = 1000.0  # rebalance: a served community never loses its volunteer
    new_community_days: int = 180


def units(points: float) -> int:
    """Points to integer cost units."""
    return round(points * UNITS)


def priority_labels(community: CommunityRow, start: date, weights: Weights) -> list[str]:
    """Why a community should be served first (help requested, new, quiet or dormant)."""
    labels = []
    if community.help_requested:
        labels.append("help requested")
    if community.created_on is not None and (
        start - timedelta(days=weights.new_community_days) <= community.created_on <= start
    ):
        labels.append("new community")
    if community.band in (HealthBand.DORMANT, HealthBand.QUIET):
        labels.append(str(community.band))
    return labels


def priority_points(community: CommunityRow, start: date, weights: Weights) -> float:
    """The leaving-out penalty of a community, in points."""
    points = weights.unassigned
    labels = priority_labels(community, start, weights)
    points += weights.help_requested if "help requested" in labels else 0.0
    points += weights.new_community if "new community" in labels else 0.0
    points += {
        HealthBand.DORMANT: weights.dormant,
        HealthBand.QUIET: weights.quiet,
        HealthBand.UNKNOWN: weights.unknown_health,
    }.get(community.band, 0.0)
    return points


def band_targets(capacity: int, mix: Sequence[float]) -> list[int]:
    """A caseload of ``capacity`` split over the bands like the programme (largest remainder)."""
    total = sum(mix)
    if capacity <= 0:
        return [0] * len(mix)
    if total <= 0:
        return [capacity if i == BAND_INDEX[HealthBand.UNKNOWN] else 0 for i in range(len(mix))]
    ideal = [capacity * share / total for share in mix]
    counts = [int(x) for x in ideal]
    order = sorted(range(len(mix)), key=lambda i: (-(ideal[i] - counts[i]), i))
    for i in order[: capacity - sum(counts)]:
        counts[i] += 1
    return counts


def residual_targets(capacity: int, mix: Sequence[float], held: Sequence[int]) -> list[int]:
    """Free slots per band once the communities the caseload already holds take theirs."""
    remaining = band_targets(capacity, mix)
    for band, count in enumerate(held):
        for _ in range(count):
            if sum(remaining) == 0:
                return remaining
            if remaining[band] == 0:
                band_to_use = max(range(len(remaining)), key=lambda b: (remaining[b], -b))
            else:
                band_to_use = band
            remaining[band_to_use] -= 1
    return remaining


@dataclass(frozen=True)
class CostModel:
    """Everything the solver, the reasons and the diagnosis need for one pool."""

    communities: tuple[CommunityRow, ...]
    volunteers: tuple[VolunteerRow, ...]
    start: date
    end: date
    overlap: OverlapGroups  # minutes a week, per pattern pair
    speaks: NDArray[np.bool_]
    available: NDArray[np.bool_]
    enough_overlap: NDArray[np.bool_]
    eligible: NDArray[np.bool_]
    residual: NDArray[np.int64]  # free capacity per volunteer
    current: NDArray[np.int64]  # current volunteer column per pool community, -1 if none
    excluded: NDArray[np.bool_]  # rotation: the current volunteer is not wanted
    scale: int  # tie-break factor the costs were multiplied by
    problem: SlotProblem


def speaks_matrix(
    communities: Sequence[CommunityRow], volunteers: Sequence[VolunteerRow]
) -> NDArray[np.bool_]:
    """Whether each volunteer speaks each community's language (true when none is set)."""
    languages = sorted({c.language.casefold() for c in communities if c.language})
    index = {lang: i for i, lang in enumerate(languages)}
    by_language = np.zeros((len(languages) + 1, len(volunteers)), dtype=bool)
    by_language[len(languages)] = True  # "no language set"
    for j, v in enumerate(volunteers):
        for lang in v.languages:
            i = index.get(lang.strip().casefold())
            if i is not None:
                by_language[i, j] = True
    rows = [index[c.language.casefold()] if c.language else len(languages) for c in communities]
    return by_language[np.array(rows, dtype=np.int64)] if rows else by_language[:0]


def topic_costs(
    communities: Sequence[CommunityRow], volunteers: Sequence[VolunteerRow], full_cost: int
) -> NDArray[np.int64]:
    """``full_cost`` × the share of each community's topics missing from each volunteer's skills."""
    vocab: dict[str, int] = {}
    for c in communities:
        for topic in c.topics:
            vocab.setdefault(topic.strip().casefold(), len(vocab))
    topics = np.zeros((len(communities), len(vocab)), dtype=np.float32)
    for i, c in enumerate(communities):
        for topic in c.topics:
            topics[i, vocab[topic.strip().casefold()]] = 1.0
    skills = np.zeros((len(volunteers), len(vocab)), dtype=np.float32)
    for j, v in enumerate(volunteers):
        for skill in v.skills:
            k = vocab.get(skill.strip().casefold())
            if k is not None:
                skills[j, k] = 1.0
    counts = topics.sum(axis=1).astype(np.int64)
    matched = (topics @ skills.T).astype(np.int64)
    # Cost by (topics listed, topics matched), looked up rather than computed per pair.
    most = int(counts.max(initial=0))
    listed = np.arange(most + 1)[:, None]
    found = np.arange(most + 1)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        table = np.where(listed > 0, np.rint(full_cost * (listed - found) / listed), 0)
    return table.astype(np.int64)[counts[:, None], matched]


def _slot_types(
    programme: Programme,
    volunteers: Sequence[VolunteerRow],
    residual: NDArray[np.int64],
    held: Mapping[int, Counter[int]],
) -> tuple[list[int], list[int], list[int]]:
    mix = [0.0] * len(BANDS)
    for c in programme.communities:
        if c.active:
            mix[BAND_INDEX[c.band]] += 1
    t_f, t_b, t_q = [], [], []
    for j, v in enumerate(volunteers):
        if residual[j] <= 0:
            continue
        counts = held.get(v.id, Counter())
        remaining = residual_targets(v.capacity, mix, [counts[b] for b in range(len(BANDS))])
        for b, q in enumerate(remaining):
            if q > 0:
                t_f.append(j)
                t_b.append(b)
                t_q.append(q)
    return t_f, t_b, t_q


def build_costs(
    programme: Programme,
    pool: Sequence[CommunityRow],
    start: date,
    end: date,
    *,
    fixed: Sequence[CurrentAssignment],
    current: Mapping[int, int],
    exclude_current: bool = False,
    starts: Sequence[date] | None = None,
    weights: Weights | None = None,
) -> CostModel:
    """Costs for assigning ``pool`` while ``fixed`` assignments keep their places."""
    weights = weights or Weights()
    settings = programme.settings
    volunteers = programme.volunteers
    n, m = len(pool), len(volunteers)
    column = {v.id: j for j, v in enumerate(volunteers)}
    bands_by_id = {c.id: BAND_INDEX[c.band] for c in programme.communities}

    overlap = overlap_groups(
        [c.host_week for c in pool], [v.week for v in volunteers], start, end - timedelta(days=1)
    )
    speaks = speaks_matrix(pool, volunteers)
    available = np.array([v.available_on(start) for v in volunteers], dtype=bool)
    enough = overlap.spread(overlap.table >= settings.min_overlap_minutes)
    eligible = speaks & enough & available[None, :]
    # Hand-overs start on different days: each volunteer must be available on that very day.
    for day in sorted(set(starts or ())):
        if day != start:
            rows_on_day = np.array([d == day for d in starts or ()], dtype=bool)
            on_day = np.array([v.available_on(day) for v in volunteers], dtype=bool)
            eligible[rows_on_day] &= on_day[None, :]

    cur = np.array([column.get(current.get(c.id, -1), -1) for c in pool], dtype=np.int64)
    has_current = cur >= 0
    active = np.array([v.active for v in volunteers], dtype=bool)
    rows = np.flatnonzero(has_current)
    excluded = np.zeros(n, dtype=bool)
    if exclude_current:
        eligible[rows, cur[rows]] = False
        excluded[rows] = True
    else:
        # Staying put is always allowed while the volunteer is active: that pair was chosen
        # (or confirmed by hand) before, and continuity is worth more than a re-check.
        eligible[rows, cur[rows]] = active[cur[rows]]

    load = np.zeros(m, dtype=np.int64)
    held: dict[int, Counter[int]] = {}
    for a in fixed:
        j = column.get(a.facilitator_id)
        if j is not None:
            load[j] += 1
            held.setdefault(a.facilitator_id, Counter())[bands_by_id.get(a.community_id, 4)] += 1
    capacity = np.array([v.capacity if v.active else 0 for v in volunteers], dtype=np.int64)
    residual = np.maximum(capacity - load, 0)

    span = max(weights.comfortable_overlap_minutes - settings.min_overlap_minutes, 1.0)
    thin = np.clip((weights.comfortable_overlap_minutes - overlap.table) / span, 0.0, 1.0)
    base = overlap.spread(np.rint(thin * units(weights.overlap)).astype(np.int64))
    base += topic_costs(pool, volunteers, units(weights.topics))
    penalty = np.array([units(priority_points(c, start, weights)) for c in pool], dtype=np.int64)
    scale = 1
    moving = np.zeros((n, m), dtype=np.int64)
    if has_current.any() and not exclude_current:
        # Moving costs the switching penalty; the tie-break unit (scale) makes staying win
        # every exact tie, so a re-run on unchanged data moves nothing.
        scale = n + 1
        moving[rows] = units(weights.switch) * scale + 1
        moving[rows, cur[rows]] = 0
        penalty[rows] += units(weights.keep_served)
    pair_cost = base * scale + moving if scale > 1 else base
    penalty = penalty * scale + has_current.astype(np.int64)

    t_f, t_b, t_q = _slot_types(programme, volunteers, residual, held)
    problem = SlotProblem(
        pair_cost=pair_cost,
        eligible=eligible,
        band=np.array([BAND_INDEX[c.band] for c in pool], dtype=np.int64),
        type_facilitator=np.array(t_f, dtype=np.int64),
        type_band=np.array(t_b, dtype=np.int64),
        type_capacity=np.array(t_q, dtype=np.int64),
        mismatch=units(weights.band_mismatch) * scale,
        penalty=penalty,
    )
    return CostModel(
        communities=tuple(pool),
        volunteers=tuple(volunteers),
        start=start,
        end=end,
        overlap=overlap,
        speaks=speaks,
        available=available,
        enough_overlap=enough,
        eligible=eligible,
        residual=residual,
        current=cur,
        excluded=excluded,
        scale=scale,
        problem=problem,
    )

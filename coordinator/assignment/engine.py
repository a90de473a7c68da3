"""Proposals: choose the pool, build costs, solve, and describe the result as a diff."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from coordinator.assignment.costs import CostModel, Weights, build_costs, priority_labels
from coordinator.assignment.programme import (
    CommunityRow,
    CurrentAssignment,
    Programme,
    add_months,
    load_programme,
)
from coordinator.assignment.proposal import (
    ChangeKind,
    Proposal,
    ProposalMode,
    ProposedAssignment,
    UnassignedCommunity,
)
from coordinator.assignment.reasons import pair_reason, why_unassigned
from coordinator.assignment.solver import solve
from coordinator.db import Database

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (done, total), like coordinator_ui.workers expects
DEFAULT_HANDOVER_DAYS = 30


def _quiet(_done: int, _total: int) -> None:
    """Progress sink when nobody listens."""


def ending_within(programme: Programme, within_days: int, today: date) -> list[CurrentAssignment]:
    """Active assignments whose planned end is at most ``within_days`` away (or past)."""
    limit = today + timedelta(days=within_days)
    return sorted(
        (a for a in programme.assignments if a.ends_on <= limit),
        key=lambda a: (a.ends_on, a.id),
    )


@dataclass(frozen=True)
class EndingAssignment:
    """A caseload entry whose planned end is near (for reminders and hand-over)."""

    assignment_id: int
    community_id: int
    community_name: str
    facilitator_id: int
    facilitator_name: str
    ends_on: date
    days_left: int
    pinned: bool


def ending_soon(
    database: Database, *, within_days: int = DEFAULT_HANDOVER_DAYS, today: date | None = None
) -> list[EndingAssignment]:
    """Active assignments ending within ``within_days`` (overdue ones included), soonest first."""
    day = today or date.today()
    with database.reading() as session:
        programme = load_programme(session)
    communities = {c.id: c.name for c in programme.communities}
    volunteers = {v.id: v.name for v in programme.volunteers}
    return [
        EndingAssignment(
            assignment_id=a.id,
            community_id=a.community_id,
            community_name=communities.get(a.community_id, f"#{a.community_id}"),
            facilitator_id=a.facilitator_id,
            facilitator_name=volunteers.get(a.facilitator_id, f"#{a.facilitator_id}"),
            ends_on=a.ends_on,
            days_left=(a.ends_on - day).days,
            pinned=a.pinned,
        )
        for a in ending_within(programme, within_days, day)
    ]


def plan(
    programme: Programme,
    *,
    mode: ProposalMode = ProposalMode.ASSIGN,
    start: date | None = None,
    within_days: int = DEFAULT_HANDOVER_DAYS,
    rotate: bool = True,
    weights: Weights | None = None,
    progress: Progress | None = None,
) -> Proposal:
    """The optimal proposal for ``programme`` (pure: reads nothing, writes nothing)."""
    report = progress or _quiet
    today = start or date.today()
    months = programme.settings.hand_holding_months
    pool, released, starts = _pool(programme, mode, today, within_days)
    # One period for the costs: the earliest start (hand-overs start on different days).
    start_day = min(starts.values(), default=today)
    fixed = [a for a in programme.assignments if a.id not in released]
    current_of = {a.community_id: a for a in programme.assignments if a.id in released}
    end_day = add_months(start_day, months)
    report(20, 100)
    model = build_costs(
        programme,
        pool,
        start_day,
        end_day,
        fixed=fixed,
        current={cid: a.facilitator_id for cid, a in current_of.items()},
        exclude_current=mode == ProposalMode.HANDOVER and rotate,
        starts=[starts.get(c.id, start_day) for c in pool],
        weights=weights,
    )
    report(45, 100)
    solution = solve(model.problem)
    report(85, 100)
    chosen = np.full(len(pool), -1, dtype=np.int64)
    placed = solution.slot_type >= 0
    chosen[placed] = model.problem.type_facilitator[solution.slot_type[placed]]
    changes = _changes(model, chosen, current_of, starts, mode, months, weights)
    changes += _unchanged(programme, fixed)
    free = model.residual - np.bincount(chosen[placed], minlength=len(model.volunteers))
    volunteer_names = {v.id: v.name for v in programme.volunteers}
    rebalancing = mode == ProposalMode.REBALANCE
    unassigned: list[UnassignedCommunity] = []
    for i, c in enumerate(pool):
        if chosen[i] >= 0:
            continue
        current = current_of.get(c.id)
        unassigned.append(
            UnassignedCommunity(
                community_id=c.id,
                community_name=c.name,
                reasons=why_unassigned(model, i, free, programme.settings.min_overlap_minutes)
                + (_kept_for_now(current, volunteer_names) if rebalancing else ()),
                priority=tuple(priority_labels(c, start_day, weights or Weights())),
                previous_facilitator_id=current.facilitator_id if current else None,
                previous_facilitator_name=(
                    volunteer_names.get(current.facilitator_id) if current else None
                ),
                previous_ends_on=current.ends_on if current else None,
            )
        )
    report(100, 100)
    return Proposal(
        mode=mode,
        start=start_day,
        changes=tuple(changes),
        unassigned=tuple(unassigned),
        objective=solution.objective / model.scale / 100,
        fingerprint=programme.fingerprint(),
        solver_rounds=solution.rounds,
    )


def _pool(
    programme: Programme, mode: ProposalMode, today: date, within_days: int
) -> tuple[list[CommunityRow], set[int], dict[int, date]]:
    """Communities to place, assignments released for them, and hand-over start days."""
    by_id = {c.id: c for c in programme.communities}
    served = {a.community_id for a in programme.assignments}
    if mode == ProposalMode.HANDOVER:
        ending = [
            a
            for a in ending_within(programme, within_days, today)
            if not a.pinned and a.community_id in by_id and by_id[a.community_id].active
        ]
        starts = {a.community_id: max(a.ends_on, today) for a in ending}
        return [by_id[a.community_id] for a in ending], {a.id for a in ending}, starts
    released: set[int] = set()
    if mode == ProposalMode.REBALANCE:
        released = {
            a.id
            for a in programme.assignments
            if not a.pinned and a.community_id in by_id and by_id[a.community_id].active
        }
    moving = {a.community_id for a in programme.assignments if a.id in released}
    pool = [c for c in programme.communities if c.active and (c.id not in served or c.id in moving)]
    return pool, released, {}


def _kept_for_now(
    current: CurrentAssignment | None, volunteer_names: dict[int, str]
) -> tuple[str, ...]:
    # Accepting never takes a volunteer away without a successor: say who stays meanwhile.
    if current is None:
        return ()
    name = volunteer_names.get(current.facilitator_id, f"#{current.facilitator_id}")
    return (f"stays with {name} until someone fits",)


def _changes(
    model: CostModel,
    chosen: np.ndarray,
    current_of: dict[int, CurrentAssignment],
    starts: dict[int, date],
    mode: ProposalMode,
    months: int,
    weights: Weights | None,
) -> list[ProposedAssignment]:
    names = {v.id: v.name for v in model.volunteers}
    result: list[ProposedAssignment] = []
    for i, community in enumerate(model.communities):
        j = int(chosen[i])
        if j < 0:
            continue
        volunteer = model.volunteers[j]
        overlap = model.overlap.pair(i, j)
        reason = pair_reason(community, volunteer, overlap, model.start, weights)
        old = current_of.get(community.id)
        begin = starts.get(community.id, model.start)
        end = add_months(begin, months)
        if volunteer.available_until is not None and volunteer.available_until < end:
            end = volunteer.available_until
            reason += f", until {end.isoformat()} (end of {volunteer.name}'s availability)"
        if old is None:
            kind = ChangeKind.ADDED
        elif old.facilitator_id != volunteer.id:
            kind = ChangeKind.MOVED
        elif mode == ProposalMode.HANDOVER:
            kind = ChangeKind.EXTENDED
        else:
            kind, begin, end, reason = ChangeKind.UNCHANGED, old.starts_on, old.ends_on, old.reason
        result.append(
            ProposedAssignment(
                kind=kind,
                community_id=community.id,
                community_name=community.name,
                facilitator_id=volunteer.id,
                facilitator_name=volunteer.name,
                starts_on=begin,
                ends_on=end,
                reason=reason,
                overlap_minutes=overlap,
                previous_facilitator_id=old.facilitator_id if old else None,
                previous_facilitator_name=names.get(old.facilitator_id) if old else None,
                assignment_id=old.id if old else None,
                pinned=old.pinned if old else False,
            )
        )
    return result


def _unchanged(
    programme: Programme, fixed: Sequence[CurrentAssignment]
) -> list[ProposedAssignment]:
    communities = {c.id: c.name for c in programme.communities}
    volunteers = {v.id: v.name for v in programme.volunteers}
    return [
        ProposedAssignment(
            kind=ChangeKind.UNCHANGED,
            community_id=a.community_id,
            community_name=communities.get(a.community_id, f"#{a.community_id}"),
            facilitator_id=a.facilitator_id,
            facilitator_name=volunteers.get(a.facilitator_id, f"#{a.facilitator_id}"),
            starts_on=a.starts_on,
            ends_on=a.ends_on,
            reason=a.reason,
            previous_facilitator_id=a.facilitator_id,
            previous_facilitator_name=volunteers.get(a.facilitator_id),
            assignment_id=a.id,
            pinned=a.pinned,
        )
        for a in fixed
    ]


def propose(
    database: Database,
    *,
    rebalance: bool = False,
    start: date | None = None,
    weights: Weights | None = None,
    progress: Progress | None = None,
) -> Proposal:
    """Read the programme and propose caseloads (all unassigned, or a full rebalance)."""
    report = progress or _quiet
    report(5, 100)
    with database.reading() as session:
        programme = load_programme(session)
    mode = ProposalMode.REBALANCE if rebalance else ProposalMode.ASSIGN
    return plan(programme, mode=mode, start=start, weights=weights, progress=report)


def propose_handover(
    database: Database,
    *,
    within_days: int = DEFAULT_HANDOVER_DAYS,
    rotate: bool = True,
    today: date | None = None,
    weights: Weights | None = None,
    progress: Progress | None = None,
) -> Proposal:
    """Successors for caseloads ending within ``within_days`` (a new volunteer if ``rotate``)."""
    report = progress or _quiet
    report(5, 100)
    with database.reading() as session:
        programme = load_programme(session)
    return plan(
        programme,
        mode=ProposalMode.HANDOVER,
        start=today,
        within_days=within_days,
        rotate=rotate,
        weights=weights,
        progress=report,
    )

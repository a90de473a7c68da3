"""The solver is exact (same objective as a dense reference) and deterministic; slot targets."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

import numpy as np
import pytest

from coordinator.assignment import solver
from coordinator.assignment.costs import band_targets, residual_targets
from coordinator.assignment.overlap import overlap_table
from coordinator.assignment.programme import add_months
from coordinator.assignment.solver import SlotProblem, dense_reference, solve
from coordinator.domain import Weekdays
from coordinator.worktime import WorkWeek, overlap_minutes_per_week


def random_problem(seed: int, n: int, m: int, tightness: float) -> SlotProblem:
    """Zone-like structure: communities prefer nearby volunteers; capacities vary."""
    rng = np.random.default_rng(seed)
    zones = 12
    c_zone, f_zone = rng.integers(0, zones, n), rng.integers(0, zones, m)
    distance = np.abs(c_zone[:, None] - f_zone[None, :])
    distance = np.minimum(distance, zones - distance)
    eligible = (distance <= 4) & (rng.random((n, m)) < 0.8)
    pair_cost = (distance * 500 + rng.integers(0, 3, (n, m)) * 700).astype(np.int64)
    band = rng.integers(0, 4, n)
    t_f, t_b, t_q = [], [], []
    for f in range(m):
        capacity = max(1, int(rng.integers(2, 8) * tightness))
        for b, q in enumerate(band_targets(capacity, [4, 3, 2, 1])):
            if q:
                t_f.append(f), t_b.append(b), t_q.append(q)
    return SlotProblem(
        pair_cost=pair_cost,
        eligible=eligible,
        band=band.astype(np.int64),
        type_facilitator=np.array(t_f, dtype=np.int64),
        type_band=np.array(t_b, dtype=np.int64),
        type_capacity=np.array(t_q, dtype=np.int64),
        mismatch=1200,
        penalty=10_000 + rng.choice([0, 3000, 8000], n).astype(np.int64),
    )


@pytest.mark.parametrize("seed", range(24))
def test_pruned_solver_matches_the_dense_reference(seed: int, monkeypatch) -> None:
    # Force the candidate-graph path (with certification rounds) even on small problems.
    monkeypatch.setattr(solver, "FULL_GRAPH_EDGES", 0)
    rng = random.Random(seed)
    problem = random_problem(seed, rng.randint(3, 90), rng.randint(1, 12), rng.choice([0.4, 1, 2]))
    ours = solve(problem, per_row=1, per_column=1, add_per_row=1)
    reference = dense_reference(problem)
    assert ours.objective == reference.objective
    # A feasible answer: capacities respected, only eligible pairs.
    placed = ours.slot_type >= 0
    load = np.bincount(ours.slot_type[placed], minlength=len(problem.type_capacity))
    assert (load <= problem.type_capacity).all()
    rows = np.flatnonzero(placed)
    assert problem.eligible[rows, problem.type_facilitator[ours.slot_type[rows]]].all()


def test_full_graph_path_matches_the_reference_and_is_deterministic() -> None:
    problem = random_problem(99, 60, 8, 1.0)
    first, second = solve(problem), solve(problem)
    assert first.objective == dense_reference(problem).objective
    assert np.array_equal(first.slot_type, second.slot_type)


def test_nobody_to_place_and_nowhere_to_go() -> None:
    empty = random_problem(1, 5, 2, 1.0)
    no_rows = SlotProblem(
        empty.pair_cost[:0], empty.eligible[:0], empty.band[:0], empty.type_facilitator,
        empty.type_band, empty.type_capacity, empty.mismatch, empty.penalty[:0],
    )  # fmt: skip
    assert solve(no_rows).objective == 0
    no_slots = SlotProblem(
        empty.pair_cost, empty.eligible, empty.band, np.zeros(0, dtype=np.int64),
        np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 0, empty.penalty,
    )  # fmt: skip
    result = solve(no_slots)
    assert (result.slot_type == -1).all()
    assert result.objective == int(empty.penalty.sum())


def test_band_targets_follow_the_programme_mix() -> None:
    assert band_targets(10, [5, 3, 2, 0, 0]) == [5, 3, 2, 0, 0]
    assert band_targets(10, [1, 1, 1, 0, 0]) == [4, 3, 3, 0, 0]
    assert band_targets(0, [1, 1, 1, 1, 1]) == [0] * 5
    assert sum(band_targets(7, [3, 1, 4, 1, 5])) == 7
    assert band_targets(3, [0, 0, 0, 0, 0]) == [0, 0, 0, 0, 3]


def test_held_communities_use_their_band_slots_first() -> None:
    # Target 2/2 of 4; holding two dormant ones leaves two slots for the other band.
    assert residual_targets(4, [1, 1, 0, 0, 0], [2, 0, 0, 0, 0]) == [0, 2, 0, 0, 0]
    # A third dormant one takes a slot meant for another band.
    assert residual_targets(4, [1, 1, 0, 0, 0], [3, 0, 0, 0, 0]) == [0, 1, 0, 0, 0]
    assert residual_targets(2, [1, 1, 0, 0, 0], [3, 0, 0, 0, 0]) == [0, 0, 0, 0, 0]


ZONES = (
    "Europe/London", "America/New_York", "Asia/Kathmandu", "Asia/Jerusalem", "Pacific/Auckland",
    "Australia/Lord_Howe", "America/St_Johns", "America/Havana", "Asia/Beirut", "Pacific/Honolulu",
)  # fmt: skip


def test_grouped_overlap_equals_the_pairwise_computation_across_dst() -> None:
    rng = random.Random(5)

    def week() -> WorkWeek:
        start = rng.randint(0, 56) * 15
        end = min(start + rng.randint(4, 40) * 15, 23 * 60 + 45)
        days = rng.choice(["Mon-Fri", "Sun-Thu", "Mon;Wed", "Fri-Mon"])
        return WorkWeek(
            rng.choice(ZONES), time(start // 60, start % 60), time(end // 60, end % 60),
            Weekdays.parse(days),
        )  # fmt: skip

    hosts, volunteers = [week() for _ in range(12)], [week() for _ in range(12)]
    first = date(2026, 2, 20)
    last = add_months(first, 6) - timedelta(days=1)
    table = overlap_table(hosts, volunteers, first, last)
    for i, host in enumerate(hosts):
        for j, volunteer in enumerate(volunteers):
            expected = overlap_minutes_per_week(host, volunteer, first, last)
            assert table[i, j] == pytest.approx(expected, abs=1e-9)


def test_add_months_clamps_to_the_end_of_short_months() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 6, 1), 6) == date(2026, 12, 1)
    assert add_months(date(2027, 8, 29), 6) == date(2028, 2, 29)

"""Assignment benchmark: 50 × 5, 500 × 50, 5,000 × 500 communities × volunteers.

Run ``python tests/benchmarks/bench_assignment.py`` (or ``python -m pytest
tests/benchmarks/bench_assignment.py -s``). For each size it builds a seeded synthetic
programme in a fresh SQLite file (bulk inserts), then times ``propose`` (read + costs + solve +
reasons) and ``accept_proposal`` (one write transaction), and compares the engine's objective
with an exact reference on the same cost matrix: ``scipy.optimize.linear_sum_assignment`` over
a dense communities × capacity-slots matrix.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

import pytest
from sqlalchemy import insert

from coordinator.assignment import accept_proposal, propose
from coordinator.assignment.costs import build_costs
from coordinator.assignment.programme import add_months, load_programme
from coordinator.assignment.solver import dense_reference, solve
from coordinator.db import Database, open_database
from coordinator.domain import MON_FRI, Weekdays
from coordinator.models import ActivitySnapshot, Community, Facilitator

SIZES = ((50, 5), (500, 50), (5_000, 500))
START = date(2026, 6, 1)
SUN_THU = Weekdays.parse("Sun-Thu")
# (zone, weight, local language or None, share of communities using it)
ZONES = (
    ("Europe/London", 8, None, 0.0),
    ("Europe/Berlin", 8, "German", 0.4),
    ("Europe/Paris", 6, "French", 0.5),
    ("Europe/Madrid", 4, "Spanish", 0.6),
    ("Europe/Warsaw", 3, "Polish", 0.3),
    ("Europe/Stockholm", 2, None, 0.0),
    ("America/New_York", 8, None, 0.0),
    ("America/Chicago", 5, None, 0.0),
    ("America/Denver", 2, None, 0.0),
    ("America/Los_Angeles", 5, None, 0.0),
    ("America/Toronto", 3, "French", 0.2),
    ("America/St_Johns", 1, None, 0.0),
    ("America/Mexico_City", 3, "Spanish", 0.6),
    ("America/Sao_Paulo", 4, "Portuguese", 0.7),
    ("Asia/Kolkata", 8, None, 0.0),
    ("Asia/Kathmandu", 1, None, 0.0),
    ("Asia/Dubai", 2, None, 0.0),
    ("Asia/Jerusalem", 2, "Hebrew", 0.3),
    ("Asia/Riyadh", 1, "Arabic", 0.4),
    ("Asia/Singapore", 4, None, 0.0),
    ("Asia/Shanghai", 5, "Chinese", 0.4),
    ("Asia/Tokyo", 3, "Japanese", 0.5),
    ("Asia/Manila", 2, None, 0.0),
    ("Australia/Sydney", 3, None, 0.0),
    ("Pacific/Auckland", 1, None, 0.0),
    ("Africa/Johannesburg", 2, None, 0.0),
    ("Africa/Lagos", 2, None, 0.0),
    ("Africa/Nairobi", 1, None, 0.0),
)
TOPICS = [
    "lean", "agile", "data", "safety", "cloud", "security", "design", "sales", "finance",
    "hr", "legal", "procurement", "quality", "devops", "ux", "marketing", "analytics",
    "sustainability", "innovation", "mentoring", "onboarding", "testing", "architecture",
    "ai", "automation", "customer", "supply chain", "project management", "six sigma", "writing",
]  # fmt: skip
HOURS = tuple((clock(h), clock(h + 8)) for h in (7, 8, 9, 10))


def _zone(rng: random.Random) -> tuple[str, str | None, float]:
    name, _, language, share = rng.choices(ZONES, weights=[z[1] for z in ZONES])[0]
    return name, language, share


def _days(zone: str) -> Weekdays:
    return SUN_THU if zone in ("Asia/Jerusalem", "Asia/Riyadh") else MON_FRI


def populate(database: Database, communities: int, volunteers: int, seed: int = 7) -> None:
    """A synthetic programme: zones, languages, topics, activity, capacities (bulk inserts)."""
    rng = random.Random(seed)
    c_rows, v_rows, snapshots = [], [], []
    for i in range(communities):
        zone, language, share = _zone(rng)
        custom = rng.random() < 0.3
        start, end = rng.choice(HOURS) if custom else (None, None)
        c_rows.append(
            {
                "id": i + 1,
                "name": f"Community {i + 1:05d}",
                "time_zone": zone,
                "language": language if language and rng.random() < share else "English",
                "topics": rng.sample(TOPICS, rng.randint(1, 3)),
                "members": rng.randint(20, 400),
                "created_on": START - timedelta(days=rng.randint(10, 2000)),
                "help_requested_on": START - timedelta(days=5) if rng.random() < 0.1 else None,
                "host_work_start": start,
                "host_work_end": end,
                "host_work_days": _days(zone) if custom else None,
            }
        )
        members = c_rows[-1]["members"]
        level = rng.choice((0.0, 0.05, 0.15, 0.3))
        for month in (3, 4, 5):
            active = int(members * level * rng.uniform(0.8, 1.2))
            snapshots.append(
                {
                    "community_id": i + 1,
                    "month": date(2026, month, 1),
                    "active_members": active,
                    "posts": active,
                    "replies": active * 2,
                }
            )
    for j in range(volunteers):
        zone, language, _ = _zone(rng)
        languages = ["English"] + ([language] if language and rng.random() < 0.8 else [])
        if rng.random() < 0.1:
            languages.append(rng.choice(["Spanish", "French", "German", "Portuguese"]))
        start, end = rng.choice(HOURS)
        v_rows.append(
            {
                "id": j + 1,
                "name": f"Volunteer {j + 1:04d}",
                "email": f"volunteer{j + 1}@example.org",
                "time_zone": zone,
                "work_start": start,
                "work_end": end,
                "work_days": _days(zone),
                "languages": sorted(set(languages)),
                "skills": rng.sample(TOPICS, rng.randint(2, 6)),
                "capacity": rng.choice((10, 10, 10, 8, 12)),
                "available_from": START + timedelta(days=30) if rng.random() < 0.05 else None,
                "active": rng.random() > 0.05,
            }
        )
    with database.unit_of_work() as session:
        session.execute(insert(Community), c_rows)
        session.execute(insert(Facilitator), v_rows)
        session.execute(insert(ActivitySnapshot), snapshots)


@dataclass
class Result:
    size: str
    propose_s: float
    accept_s: float
    solve_s: float
    reference_s: float
    objective: int
    reference: int
    assigned: int
    unassigned: int


def measure(communities: int, volunteers: int, folder: Path) -> Result:
    """Build, time the engine end to end, and compare with the dense reference."""
    database = open_database(folder / f"bench-{communities}.sqlite3")
    try:
        populate(database, communities, volunteers)
        started = time.perf_counter()
        proposal = propose(database, start=START)
        proposed = time.perf_counter()
        accept_proposal(database, proposal)
        accepted = time.perf_counter()
        with database.reading() as session:
            programme = load_programme(session)
        # The same cost matrix as the proposal (nothing was assigned before accepting).
        model = build_costs(
            programme,
            [c for c in programme.communities if c.active],
            START,
            add_months(START, programme.settings.hand_holding_months),
            fixed=[],
            current={},
        )
        t0 = time.perf_counter()
        ours = solve(model.problem)
        t1 = time.perf_counter()
        reference = dense_reference(model.problem)
        t2 = time.perf_counter()
        return Result(
            size=f"{communities:,} × {volunteers:,}",
            propose_s=proposed - started,
            accept_s=accepted - proposed,
            solve_s=t1 - t0,
            reference_s=t2 - t1,
            objective=ours.objective,
            reference=reference.objective,
            assigned=len(proposal.added),
            unassigned=len(proposal.unassigned),
        )
    finally:
        database.dispose()


def table(results: list[Result]) -> str:
    """The results as a fixed-width table."""
    head = (
        f"{'size':>13} | {'propose':>8} | {'accept':>7} | {'total':>7} | {'solve':>7} | "
        f"{'dense ref':>9} | {'objective':>10} | {'reference':>10} | equal | placed | left"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.size:>13} | {r.propose_s:7.3f}s | {r.accept_s:6.3f}s | "
            f"{r.propose_s + r.accept_s:6.3f}s | {r.solve_s:6.3f}s | {r.reference_s:8.3f}s | "
            f"{r.objective:>10} | {r.reference:>10} | "
            f"{'yes' if r.objective == r.reference else 'NO':>5} | {r.assigned:>6} | "
            f"{r.unassigned:>4}"
        )
    return "\n".join(lines)


def run(sizes: tuple[tuple[int, int], ...] = SIZES) -> list[Result]:
    """Measure every size and print the table."""
    with tempfile.TemporaryDirectory() as folder:
        results = [measure(n, m, Path(folder)) for n, m in sizes]
    print(table(results))
    return results


@pytest.mark.benchmark
def test_assignment_benchmark() -> None:
    """Equal objective to the exact reference at every size (timings are printed, not asserted)."""
    for result in run():
        assert result.objective == result.reference


if __name__ == "__main__":
    chosen = SIZES
    if len(sys.argv) > 1:
        chosen = tuple(s for s in SIZES if f"{s[0]}x{s[1]}" in sys.argv[1:]) or SIZES
    run(chosen)

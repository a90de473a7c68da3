"""SIGKILL during import, caseload acceptance and schedule rebuilds: all or nothing, never corrupt.

Each operation runs as ``coordinator import|assign|schedule …`` in its own process on a real
SQLite file (a fresh copy of one prepared database per kill). It runs once uninterrupted, to
learn the state afterwards and when the database is opened, first written and committed; then
18 times with a SIGKILL aimed, by a seeded RNG, at a random moment before the first write
(between opening the database and writing), while writing (a random delay after the first
write) or after the commit (a random delay before the process would have exited). Each file
must then pass ``integrity_check`` and ``foreign_key_check`` and hold exactly the state before
or exactly the state after: never a mix; a run killed before writing must have left the state
before, one killed after its commit the state after. A run that ends before its kill arrives
(quicker than the uninterrupted one) is checked too, then run again aimed earlier. Runs go two
at a time (two cores). The
figures (phases hit, states found, timings) go to ``tests/artifacts/crash_safety.json``.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability import programmes
from tests.reliability.killing import Aim, Run, run_command

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and select() on pipes are POSIX"),
    pytest.mark.slow,
]

SEED = 20_261_123
# Per operation: where the kills are aimed (the RNG draws the exact moment within each).
AIMS = ("before",) * 5 + ("writing",) * 8 + ("after",) * 5
MIN_KILLS = 50
RETRIES = 2  # a run that ended before its kill is run again, aimed earlier
WORKERS = 2  # the machine (and CI) has two cores
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@dataclass(frozen=True)
class Operation:
    """A command to interrupt: how to build its starting database and its arguments."""

    name: str
    prepare: Callable[[Path], Path]
    args: Callable[[Path], list[str]]


def _import_args(folder: Path) -> list[str]:
    csv = folder / "communities.csv"
    if not csv.exists():
        programmes.write_communities_csv(csv, 5000)
    return ["import", str(csv), "--kind", "communities"]


OPERATIONS = (
    Operation("import 5,000 communities", programmes.empty_database, _import_args),
    Operation(
        "accept caseloads for 2,000 communities",
        lambda path: programmes.unassigned_programme(path, 2000, 220),
        lambda _folder: ["assign", "--start", programmes.ASSIGN_START.isoformat()],
    ),
    Operation(
        "rebuild check-ins of 400 communities",
        lambda path: programmes.programme_to_reschedule(path, 400, 44),
        lambda _folder: ["schedule", "--from", programmes.REBUILD_FROM.isoformat()],
    ),
)


@dataclass
class Kill:
    """One planned kill and, once run, what it found."""

    operation: int
    aim: str
    fraction: float  # drawn by the seeded RNG: where within the aimed-at phase
    delay: float = 0.0
    phase: str = ""
    state: str = ""
    seconds: float = 0.0


@dataclass
class Baseline:
    """An operation's prepared database, its state before and after, and its timings."""

    base: Path
    before: dict[str, tuple[int, str]]
    after: dict[str, tuple[int, str]]
    run: Run
    begins_before_write: int


def _copy(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "programme.sqlite3"
    shutil.copyfile(source, target)
    return target


def _baseline(operation: Operation, base: Path, folder: Path, home: Path) -> Baseline:
    """Run the operation once on a copy of ``base``, uninterrupted."""
    before = programmes.fingerprint(base)
    copy = _copy(base, folder / "calibration")
    run = run_command(operation.args(folder), copy, home)
    assert run.returncode == 0, run.stderr
    assert run.marks.count("W") == 1 and run.marks.count("C") == 1, run.marks
    after = programmes.fingerprint(copy)
    assert after != before, f"{operation.name} changed nothing; the test would prove nothing"
    return Baseline(base, before, after, run, run.marks[: run.marks.index("W")].count("B"))


def _aim(kill: Kill, run: Run) -> Aim:
    """Turn a planned kill into a moment, using the uninterrupted run's timings."""
    opened, written, committed = run.time_of("B"), run.time_of("W"), run.time_of("C")
    if kill.aim == "before":
        # From the database's opening (Python's start-up holds no data) to the first write.
        return Aim("B", (written - opened) * 0.95 * kill.fraction)
    if kill.aim == "writing":
        return Aim("W", (committed - written) * kill.fraction)
    return Aim("C", (run.seconds - committed) * 0.7 * kill.fraction)


def _kill_once(
    kill: Kill, operation: Operation, baseline: Baseline, folder: Path, home: Path
) -> Kill:
    """Run the operation on a fresh copy, kill it as planned, check what the file holds.

    A run can be quicker than the uninterrupted one it was aimed by and end before the kill
    arrives: it is checked like any other (it must hold the state after), then run again on a
    fresh copy with half the delay, up to ``RETRIES`` times, so the kills aimed really land.
    """
    aim = _aim(kill, baseline.run)
    for attempt in range(RETRIES + 1):
        kill.delay = aim.delay
        run = _check_run(kill, operation, baseline, folder / f"try{attempt}", home, aim)
        if run.killed:
            break
        aim = Aim(aim.trigger, aim.delay / 2)
    return kill


def _check_run(
    kill: Kill, operation: Operation, baseline: Baseline, folder: Path, home: Path, aim: Aim
) -> Run:
    database = _copy(baseline.base, folder)
    run = run_command(operation.args(folder.parent.parent), database, home, aim)
    kill.seconds = run.seconds
    kill.phase = run.phase(baseline.begins_before_write)
    status, orphans = programmes.integrity(database)
    assert status == "ok", f"{operation.name}, {kill}: integrity_check says {status}"
    assert orphans == [], f"{operation.name}, {kill}: rows without their parent {orphans[:5]}"
    state = programmes.fingerprint(database)
    if state == baseline.before:
        kill.state = "before"
    elif state == baseline.after:
        kill.state = "after"
    else:
        changed = {t for t in state if state[t] != baseline.before.get(t)}
        raise AssertionError(f"{operation.name}, {kill}: half-written tables {sorted(changed)}")
    if "W" not in run.marks:
        assert kill.state == "before", f"{operation.name}, {kill}: written before any write"
    if "C" in run.marks or not run.killed:
        assert kill.state == "after", f"{operation.name}, {kill}: committed but lost"
    return run


@pytest.mark.timeout(900)  # about 80 s on two idle cores; the limit only catches a hang
def test_sigkill_leaves_each_operation_all_there_or_all_absent(
    tmp_path: Path, private_home: Path
) -> None:
    started = time.monotonic()
    rng = random.Random(SEED)
    plan = [
        Kill(index, aim, rng.random())
        for index in range(len(OPERATIONS))
        for aim in rng.sample(AIMS, len(AIMS))
    ]
    folders = [tmp_path / f"op{index}" for index in range(len(OPERATIONS))]
    # Built one after another: Alembic's migration context is global, not for threads.
    bases = [
        op.prepare(folder / "base.sqlite3") for op, folder in zip(OPERATIONS, folders, strict=True)
    ]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        baselines = list(
            pool.map(
                lambda i: _baseline(OPERATIONS[i], bases[i], folders[i], private_home),
                range(len(OPERATIONS)),
            )
        )
        prepared = time.monotonic() - started
        done = list(
            pool.map(
                lambda n: _kill_once(
                    plan[n],
                    OPERATIONS[plan[n].operation],
                    baselines[plan[n].operation],
                    folders[plan[n].operation] / f"kill{n:02d}",
                    private_home,
                ),
                range(len(plan)),
            )
        )

    killed = [k for k in done if k.phase != "finished"]
    figures = _figures(done, baselines, prepared, time.monotonic() - started)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "crash_safety.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures["per_operation"], indent=2))
    assert len(killed) >= MIN_KILLS, figures
    for index, operation in enumerate(OPERATIONS):
        phases = Counter(k.phase for k in killed if k.operation == index)
        # Aimed kills must really have hit each side of the write, or the test proves little.
        assert phases["writing"] >= 1, (operation.name, phases)
        assert phases["starting"] + phases["transaction open"] >= 1, (operation.name, phases)
        assert phases["committed"] >= 1, (operation.name, phases)


def _figures(
    done: list[Kill], baselines: list[Baseline], prepared: float, total: float
) -> dict[str, object]:
    per_operation = {}
    for index, operation in enumerate(OPERATIONS):
        kills = [k for k in done if k.operation == index]
        run = baselines[index].run
        per_operation[operation.name] = {
            "runs": len(kills),
            "sigkills": sum(k.phase != "finished" for k in kills),
            "phases": dict(Counter(k.phase for k in kills)),
            "state_after_kill": dict(Counter(k.state for k in kills)),
            "uninterrupted_seconds": {
                "first_write": round(run.time_of("W"), 3),
                "commit": round(run.time_of("C"), 3),
                "exit": round(run.seconds, 3),
            },
            "rows_before_after": {
                table: [baselines[index].before[table][0], baselines[index].after[table][0]]
                for table in baselines[index].after
                if baselines[index].before[table] != baselines[index].after[table]
            },
        }
    return {
        "seed": SEED,
        "sigkills": sum(k.phase != "finished" for k in done),
        "runs": len(done),
        "seconds_preparing": round(prepared, 1),
        "seconds_total": round(total, 1),
        "per_operation": per_operation,
        "kills": [k.__dict__ for k in done],
    }

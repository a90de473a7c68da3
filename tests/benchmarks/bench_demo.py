"""Benchmark: demo-scale data — a 5,000-row import and a 5,000 × 500 synthetic programme.

Run with ``python tests/benchmarks/bench_demo.py`` or ``pytest tests/benchmarks/bench_demo.py -s``.
Prints the time to import 5,000 communities (new, again unchanged, again all changed),
5,000 volunteers, and to generate the 5,000 × 500 demo (the figures that must stay well
under 3 s and within a few seconds).
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time as clock
from collections.abc import Callable
from pathlib import Path

from coordinator.db import open_database
from coordinator.demo import generate
from coordinator.importing import run_import

ROWS = 5000
ZONES = ["Asia/Kolkata", "Europe/Paris", "America/St_Johns", "Pacific/Chatham", "Asia/Jerusalem"]


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def files(folder: Path) -> tuple[Path, Path, Path]:
    header = ["name", "kind", "host_name", "host_email", "time_zone", "language", "members",
              "topics", "created_on", "showcase", "help_requested"]  # fmt: skip
    rows: list[list[object]] = [
        [f"Community {i}", "shared service", f"Host {i}", f"host{i}@example.com", ZONES[i % 5],
         "English", i % 700, "lean;data", "2009-01-02", "no", "yes" if i % 9 == 0 else "no"]
        for i in range(ROWS)
    ]  # fmt: skip
    communities = write_csv(folder / "communities.csv", header, rows)
    for row in rows:
        row[6] = int(str(row[6])) + 1
    changed = write_csv(folder / "communities-changed.csv", header, rows)
    volunteers = write_csv(
        folder / "facilitators.csv",
        ["name", "email", "time_zone", "languages", "work_start", "work_end", "work_days",
         "capacity", "skills", "available_from", "available_until"],
        [[f"Volunteer {i}", f"v{i}@example.org", ZONES[i % 5], "English;Hindi", "08:30",
          "17:00", "Sun-Thu" if i % 5 == 4 else "Mon-Fri", 10, "data;lean", "2026-01-01", ""]
         for i in range(ROWS)],
    )  # fmt: skip
    return communities, changed, volunteers


def timed(label: str, work: Callable[[], object], results: dict[str, float]) -> None:
    started = clock.perf_counter()
    outcome = work()
    results[label] = clock.perf_counter() - started
    print(f"{label:<42} {results[label]:6.2f} s   {outcome}")


def run(folder: Path) -> dict[str, float]:
    """Measure every figure; returns label -> seconds."""
    communities, changed, volunteers = files(folder)
    results: dict[str, float] = {}
    database = open_database(folder / "import.sqlite3")
    timed("import 5,000 communities (new)", lambda: run_import(database, communities), results)
    timed(
        "import 5,000 communities (unchanged)", lambda: run_import(database, communities), results
    )
    timed("import 5,000 communities (all updated)", lambda: run_import(database, changed), results)
    timed("import 5,000 volunteers (new)", lambda: run_import(database, volunteers), results)
    database.dispose()
    demo = open_database(folder / "demo.sqlite3")
    timed("demo 5,000 communities x 500 volunteers", lambda: generate(demo, 5000, 500, 1), results)
    demo.dispose()
    return results


def test_bench_demo(tmp_path: Path) -> None:
    results = run(tmp_path)
    assert len(results) == 5


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        run(Path(folder))
    sys.exit(0)

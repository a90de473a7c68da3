"""Benchmark: a year of the schedule for 500 volunteers × 10 communities (5,000 weekly series).

Run with ``python tests/benchmarks/bench_schedule.py [VOLUNTEERS]`` or
``pytest tests/benchmarks/bench_schedule.py -s``. Prints the time to build the series and to
expand one year of events (the figure that must stay well under a second).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time as clock
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from coordinator.db import Database, open_database
from coordinator.domain import Weekdays
from coordinator.models import Assignment, Community, Facilitator
from coordinator.scheduling import build_schedule, create_webinar_series, events_between

VOLUNTEERS = int(sys.argv[1]) if __name__ == "__main__" and len(sys.argv) > 1 else 500
CASELOAD = 10
# West to east, so that "nearby" zones in this list are nearby on the clock.
ZONES = [
    "America/Los_Angeles",
    "America/Denver",
    "America/Mexico_City",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Africa/Lagos",
    "Europe/Madrid",
    "Europe/Berlin",
    "Europe/Stockholm",
    "Europe/Helsinki",
    "Asia/Jerusalem",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
]
NEIGHBOURS = 6  # communities are in zones near their volunteer's (a realistic caseload)


def seed(database: Database, start: date, end: date) -> None:
    """500 volunteers, 5,000 communities and one active assignment each, inserted in bulk."""
    rng = random.Random(7)
    sun_thu = Weekdays.parse("Sun-Thu")
    mon_fri = Weekdays.parse("Mon-Fri")
    with database.unit_of_work() as session:
        facilitators, communities, assignments = [], [], []
        for v in range(VOLUNTEERS):
            home = v % len(ZONES)
            zone = ZONES[home]
            facilitators.append(
                {
                    "id": v + 1,
                    "name": f"Volunteer {v}",
                    "email": f"v{v}@example.org",
                    "time_zone": zone,
                    "work_start": time(8),
                    "work_end": time(18),
                    "work_days": sun_thu if zone == "Asia/Jerusalem" else mon_fri,
                }
            )
            for k in range(CASELOAD):
                cid = v * CASELOAD + k + 1
                host_zone = ZONES[
                    (home + rng.randrange(-NEIGHBOURS // 2, NEIGHBOURS // 2)) % len(ZONES)
                ]
                communities.append(
                    {
                        "id": cid,
                        "name": f"Community {cid}",
                        "time_zone": host_zone,
                        "host_email": f"host{cid}@example.org",
                    }
                )
                assignments.append(
                    {
                        "facilitator_id": v + 1,
                        "community_id": cid,
                        "starts_on": start,
                        "ends_on": end,
                    }
                )
        session.execute(insert(Facilitator), facilitators)
        session.execute(insert(Community), communities)
        session.execute(insert(Assignment), assignments)
        add_webinar(session, start)


def add_webinar(session: Session, starts_on: date) -> None:
    """The benchmarks' monthly webinar (also bench_ics.py's): second Tuesdays, three sessions."""
    create_webinar_series(
        session,
        title="Facilitation skills",
        ordinal=2,
        weekday=1,
        starts_on=starts_on,
        sessions=[
            (time(9), "Europe/London", "EMEA"),
            (time(17), "America/Chicago", "AMER"),
            (time(10), "Asia/Singapore", "APAC"),
        ],
    )


def run(folder: Path) -> dict[str, float]:
    """Seed, build and expand; return the measured figures."""
    start, end = date(2026, 9, 1), date(2027, 8, 31)
    database = open_database(folder / "bench.sqlite3")
    seed(database, start, end)
    t0 = clock.perf_counter()
    with database.unit_of_work() as session:
        report = build_schedule(session, start=start, months=12)
    build_s = clock.perf_counter() - t0
    first, last = datetime(2026, 9, 1, tzinfo=UTC), datetime(2027, 9, 1, tzinfo=UTC)
    timings, cpu = [], []
    for _ in range(5):
        events = None  # the previous run's result is freed outside the timed part
        with database.reading() as session:
            t0, c0 = clock.perf_counter(), clock.process_time()
            events = events_between(session, first, last)
            timings.append(clock.perf_counter() - t0)
            cpu.append(clock.process_time() - c0)
    t0 = clock.perf_counter()
    with database.reading() as session:
        one = events_between(session, first, last, facilitator_id=1)
    one_s = clock.perf_counter() - t0
    database.dispose()
    figures = {
        "series": report.count("created"),
        "unplaced": report.count("unplaced"),
        "build_s": build_s,
        "events": len(events),
        "expand_year_s": min(timings),
        "expand_year_first_s": timings[0],
        "expand_year_cpu_s": min(cpu),
        "one_volunteer_year_s": one_s,
        "one_volunteer_events": len(one),
    }
    print(
        f"built {figures['series']} series ({figures['unplaced']} unplaced) in {build_s:.2f} s; "
        f"one year: {len(events):,} events in {min(timings) * 1000:.0f} ms "
        f"(CPU {min(cpu) * 1000:.0f} ms, first run {timings[0] * 1000:.0f} ms); "
        f"one volunteer's year: {len(one)} events in "
        f"{one_s * 1000:.1f} ms"
    )
    return figures


def test_bench_schedule(tmp_path: Path) -> None:
    """Pytest entry (not collected by default: benchmarks run on demand)."""
    figures = run(tmp_path)
    assert figures["series"] == VOLUNTEERS * CASELOAD - figures["unplaced"]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp))
    sys.exit(0)

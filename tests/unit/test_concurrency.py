"""The lead writes while five roster viewers read the same file: nobody sees "locked"."""

from __future__ import annotations

import multiprocessing as mp
import time
from multiprocessing.synchronize import Event
from pathlib import Path

from sqlalchemy import func, select

from coordinator.db import open_database
from coordinator.models import Community

WRITES = 150
READERS = 5


def _reader(path: str, done: Event, results: mp.Queue) -> None:
    db = open_database(path, read_only=True)
    reads, errors = 0, []
    deadline = time.monotonic() + 60
    try:
        while True:  # at least one read, even if the writers are already done
            try:
                with db.reading() as s:
                    s.scalar(select(func.count()).select_from(Community))
                    s.scalars(select(Community.name).limit(50)).all()
                reads += 1
            except Exception as exc:  # the test is about *any* error surfacing
                errors.append(repr(exc))
            if done.is_set() or time.monotonic() > deadline:
                break
    finally:
        db.dispose()
    results.put((reads, errors))


def _writer(path: str, start: int, results: mp.Queue) -> None:
    db = open_database(path)
    errors = []
    for i in range(start, start + WRITES):
        try:
            with db.unit_of_work() as s:
                s.add(Community(name=f"Community {i}", time_zone="Pacific/Chatham"))
        except Exception as exc:
            errors.append(repr(exc))
    db.dispose()
    results.put((WRITES, errors))


def test_writers_and_readers_never_see_a_locked_database(db_path: Path) -> None:
    open_database(db_path).dispose()
    ctx = mp.get_context("spawn")
    results: mp.Queue = ctx.Queue()
    done = ctx.Event()
    readers = [
        ctx.Process(target=_reader, args=(str(db_path), done, results)) for _ in range(READERS)
    ]
    # Two writers (the lead's window and a command-line import, say) compete for the lock.
    writers = [ctx.Process(target=_writer, args=(str(db_path), k * 1000, results)) for k in (1, 2)]
    for p in readers + writers:
        p.start()
    outcomes = [results.get(timeout=120) for _ in writers]
    done.set()
    outcomes += [results.get(timeout=120) for _ in readers]
    for p in readers + writers:
        p.join(timeout=30)
    errors = [e for _, errs in outcomes for e in errs]
    assert errors == []
    assert all(count > 0 for count, _ in outcomes)
    db = open_database(db_path)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Community)) == 2 * WRITES
    db.dispose()

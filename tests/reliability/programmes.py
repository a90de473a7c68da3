"""Databases and files the reliability tests start from, built the same way every time."""

from __future__ import annotations

import csv
import hashlib
import random
import sqlite3
from datetime import date, time
from pathlib import Path

from sqlalchemy import delete, select

from coordinator.assignment import accept_proposal, propose
from coordinator.db import open_database
from coordinator.demo import generate
from coordinator.models import CheckInSeries, Facilitator
from coordinator.scheduling import schedule_programme

# Fixed dates, so a run just before midnight proposes and schedules what one after it does.
ASSIGN_START = date(2027, 1, 4)
REBUILD_FROM = date(2027, 2, 1)
DEMO_TODAY = date(2026, 12, 1)

# Columns that record *when* something was written; two equal runs differ only there.
_VOLATILE = {"created_at", "updated_at", "at", "logged_at"}
_ZONES = (
    "Europe/London",
    "Asia/Kolkata",
    "America/St_Johns",
    "Pacific/Chatham",
    "Asia/Kathmandu",
    "America/Sao_Paulo",
)


def settle(path: Path) -> None:
    """Fold the WAL into the file, so copying the one file copies the whole database."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def write_communities_csv(path: Path, rows: int, seed: int = 11) -> Path:
    """A communities file of ``rows`` distinct communities (UTF-8, the import's columns)."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["name", "kind", "host_name", "host_email", "time_zone", "members"])
        for i in range(rows):
            writer.writerow(
                [
                    f"Community {i:05d} «{rng.choice('αβγδ')}»",
                    rng.choice(["business unit", "shared service", "cross-functional"]),
                    f"Host, {i}",
                    f"host{i}@example.org",
                    rng.choice(_ZONES),
                    rng.randint(0, 5000),
                ]
            )
    return path


def empty_database(path: Path) -> Path:
    """A migrated database with nothing in it."""
    open_database(path).dispose()
    settle(path)
    return path


def unassigned_programme(path: Path, communities: int, facilitators: int) -> Path:
    """A synthetic programme without caseloads (what ``coordinator assign`` starts from)."""
    database = open_database(path)
    try:
        generate(database, communities, facilitators, seed=7, today=DEMO_TODAY)
    finally:
        database.dispose()
    settle(path)
    return path


def programme_to_reschedule(path: Path, communities: int, facilitators: int) -> Path:
    """Caseloads whose check-ins need a rebuild: some have none, some no longer fit.

    Every assignment is scheduled from ``ASSIGN_START``; then a third lose their series and
    every other volunteer's working hours move, so ``schedule --from REBUILD_FROM`` both
    creates series and ends and replaces ones that started already.
    """
    database = open_database(path)
    try:
        generate(database, communities, facilitators, seed=5, today=DEMO_TODAY)
        accept_proposal(database, propose(database, start=ASSIGN_START))
        schedule_programme(database, start=ASSIGN_START, months=6)
        with database.unit_of_work() as session:
            series_ids = session.scalars(select(CheckInSeries.id).order_by(CheckInSeries.id))
            session.execute(
                delete(CheckInSeries).where(CheckInSeries.id.in_(list(series_ids)[::3]))
            )
            volunteers = session.scalars(select(Facilitator).order_by(Facilitator.id)).all()
            for volunteer in volunteers[::2]:
                volunteer.work_start, volunteer.work_end = time(12, 30), time(20, 30)
    finally:
        database.dispose()
    settle(path)
    return path


def fingerprint(path: Path) -> dict[str, tuple[int, str]]:
    """Per table: row count and a digest of every row (write times left out)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " ORDER BY name"
            )
        ]
        result = {}
        for table in tables:
            columns = [
                row[1]
                for row in connection.execute(f'PRAGMA table_info("{table}")')
                if row[1] not in _VOLATILE
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            digest = hashlib.sha256()
            count = 0
            for row in connection.execute(f'SELECT {listed} FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
                count += 1
            result[table] = (count, digest.hexdigest()[:16])
        return result
    finally:
        connection.close()


def integrity(path: Path) -> tuple[str, list[tuple[object, ...]]]:
    """``PRAGMA integrity_check`` and the rows ``PRAGMA foreign_key_check`` reports."""
    connection = sqlite3.connect(path)
    try:
        status = connection.execute("PRAGMA integrity_check").fetchone()[0]
        orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
        return status, orphans
    finally:
        connection.close()

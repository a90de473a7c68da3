"""Opening, migrating and writing the database; constraints keep the data sane."""

from __future__ import annotations

import sqlite3
from datetime import date, time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError

from coordinator.db import Database, DatabaseError, ReadOnlyError, open_database, resolve_url
from coordinator.domain import Weekdays
from coordinator.migrate import current_revision, head_revision
from coordinator.models import Assignment, Base, Community, Facilitator
from coordinator.schema import HEAD_REVISION


def _community(**kw: object) -> Community:
    values: dict[str, object] = {"name": "Finance Agile", "time_zone": "Asia/Kathmandu"}
    values.update(kw)
    return Community(**values)


def _facilitator(**kw: object) -> Facilitator:
    values: dict[str, object] = {
        "name": "Mara",
        "email": "mara@example.com",
        "time_zone": "Australia/Lord_Howe",
    }
    values.update(kw)
    return Facilitator(**values)


def _assignment(f: Facilitator, c: Community, **kw: object) -> Assignment:
    values: dict[str, object] = {
        "facilitator_id": f.id,
        "community_id": c.id,
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 7, 1),
    }
    values.update(kw)
    return Assignment(**values)


def test_new_file_is_migrated_to_head_with_wal_and_foreign_keys(database: Database) -> None:
    assert current_revision(database.engine) == head_revision()
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_fast_open_path_knows_the_newest_revision() -> None:
    assert head_revision() == HEAD_REVISION


def test_migrations_match_the_models(database: Database) -> None:
    with database.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_an_older_database_is_upgraded_on_open(db_path: Path) -> None:
    # A database created before any migration ran: open_database brings it to head.
    sqlite3.connect(db_path).close()
    db = open_database(db_path)
    assert current_revision(db.engine) == head_revision()
    db.dispose()


def test_values_round_trip(database: Database) -> None:
    with database.unit_of_work() as s:
        s.add(_community(topics=["lean", "data"], created_on=date(2009, 3, 20)))
        s.add(_facilitator(work_days=Weekdays.parse("Sun-Thu"), work_start=time(8, 30)))
    with database.reading() as s:
        community = s.scalars(select(Community)).one()
        facilitator = s.scalars(select(Facilitator)).one()
    assert community.topics == ["lean", "data"]
    assert facilitator.work_days == Weekdays.parse("Sun-Thu")
    assert facilitator.work_start == time(8, 30)


def test_unknown_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        _community(time_zone="Mars/Olympus")


def test_duplicate_email_is_refused_whole(database: Database) -> None:
    with pytest.raises(IntegrityError), database.unit_of_work() as s:
        s.add(_facilitator())
        s.add(_facilitator(name="Other", email="MARA@example.com"))
    with database.reading() as s:
        assert s.scalars(select(Facilitator)).all() == []


@pytest.mark.parametrize(
    "bad",
    [
        {"capacity": -1},
        {"work_start": time(17), "work_end": time(9)},
        {"available_from": date(2026, 5, 1), "available_until": date(2026, 4, 1)},
    ],
)
def test_facilitator_constraints(database: Database, bad: dict[str, object]) -> None:
    with pytest.raises(IntegrityError), database.unit_of_work() as s:
        s.add(_facilitator(**bad))


def test_assignment_must_end_after_it_starts_and_one_active_per_community(
    database: Database,
) -> None:
    with database.unit_of_work() as s:
        c, f = _community(), _facilitator()
        s.add_all([c, f])
    with pytest.raises(IntegrityError), database.unit_of_work() as s:
        s.add(_assignment(f, c, ends_on=date(2026, 1, 1)))
    with pytest.raises(IntegrityError), database.unit_of_work() as s:
        for _ in range(2):
            s.add(_assignment(f, c))


def test_naive_datetimes_are_refused(database: Database) -> None:
    from datetime import datetime

    with pytest.raises(StatementError, match="naive datetime"), database.unit_of_work() as s:
        c, f = _community(), _facilitator()
        s.add_all([c, f])
        s.flush()
        s.add(_assignment(f, c, created_at=datetime(2026, 1, 1)))


def test_read_only_open_refuses_writes(db_path: Path) -> None:
    open_database(db_path).dispose()
    db = open_database(db_path, read_only=True)
    with pytest.raises(ReadOnlyError), db.unit_of_work():
        pass
    db.dispose()


def test_read_only_open_of_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(tmp_path / "nope.sqlite3", read_only=True)


def test_resolve_url_accepts_paths_and_urls(tmp_path: Path) -> None:
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url(tmp_path / "a.sqlite3") == f"sqlite:///{tmp_path / 'a.sqlite3'}"

"""Every released schema upgrades to the current one with all its rows; newer ones are refused.

``tests/fixtures/schema_<revision>.sqlite3`` is a programme as the version that introduced
``<revision>`` wrote it (``tests/fixtures/make_fixtures.py`` makes the newest one). Each is
copied, opened with the current code (which runs the Alembic migrations up to the head) and
compared row by row with the original: a migration may add tables and columns, but every row
must still be there with the same values. A migration that deliberately reshapes data lists
the columns it drops or rewrites in ``RESHAPED`` (then the test checks the rest).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select

from coordinator.backup import list_backups
from coordinator.cli import main
from coordinator.db import DatabaseError, open_database
from coordinator.exporting import build_export
from coordinator.migrate import alembic_config, current_revision, head_revision, known_revisions
from coordinator.models import Base
from tests.fixtures.make_fixtures import fixture_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_FILES = sorted(FIXTURES.glob("schema_*.sqlite3"))
# "<table>.<column>" a later migration drops or rewrites on purpose (none so far).
RESHAPED: set[str] = set()
# Tables that only record facts about the file, not the programme.
_BOOKKEEPING = {"alembic_version"}


def _rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as column → value, in primary-key order."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: [dict(row) for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY 1')]
            for table in tables
        }
    finally:
        connection.close()


def _revision_of(fixture: Path) -> str:
    return fixture.stem.removeprefix("schema_")


def _opened_copy(fixture: Path, folder: Path) -> Path:
    copy = folder / "programme.sqlite3"
    shutil.copyfile(fixture, copy)
    open_database(copy).dispose()  # the current code: migrations up to the head
    return copy


def test_every_released_schema_has_a_fixture() -> None:
    """A new migration needs its fixture (run tests/fixtures/make_fixtures.py) to be tested."""
    missing = {r for r in known_revisions() if not fixture_path(r).exists()}
    assert not missing, f"no fixture for schema {sorted(missing)}: run make_fixtures.py"
    assert {_revision_of(f) for f in FIXTURE_FILES} <= known_revisions()


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=_revision_of)
def test_fixture_is_a_whole_programme(fixture: Path) -> None:
    """Every table of the fixture holds rows, so the upgrade test checks every kind of row."""
    empty = [t for t, rows in _rows(fixture).items() if not rows]
    assert empty == []


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=_revision_of)
def test_fixture_upgrades_to_head_with_every_row(
    fixture: Path, tmp_path: Path, private_home: Path
) -> None:
    before = _rows(fixture)
    copy = _opened_copy(fixture, tmp_path)
    after = _rows(copy)

    database = open_database(copy)
    try:
        assert current_revision(database.engine) == head_revision()
        for table, rows in before.items():
            if table in _BOOKKEEPING:
                continue
            assert table in after, f"table {table} was dropped"
            assert len(after[table]) == len(rows), f"{table}: {len(rows)} → {len(after[table])}"
            for old, new in zip(rows, after[table], strict=True):
                kept = {c: v for c, v in old.items() if f"{table}.{c}" not in RESHAPED}
                assert {c: new.get(c, "<dropped>") for c in kept} == kept, table
        # The current code reads all of it: every mapped table and the whole export.
        with database.reading() as session:
            for mapper in Base.registry.mappers:
                session.scalars(select(mapper.class_)).all()
            document = build_export(session, *_period(before))
            assert len(document["communities"]) == len(before["community"])
            assert len(document["assignments"]) == len(before["assignment"])
            assert document["events"], "the upgraded schedule expands to no events"
    finally:
        database.dispose()
    if _revision_of(fixture) != head_revision():
        # Migrating a file that holds data is always preceded by a backup of it.
        assert [b.reason for b in list_backups(copy)] == ["before-upgrade"]


def _period(rows: dict[str, list[dict[str, Any]]]) -> tuple[date, date]:
    first = min(date.fromisoformat(str(r["starts_on"])) for r in rows["check_in_series"])
    return first, first + timedelta(days=90)


def _newer(folder: Path) -> Path:
    copy = folder / "from-the-future.sqlite3"
    shutil.copyfile(FIXTURE_FILES[-1], copy)
    connection = sqlite3.connect(copy)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    return copy


def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path: Path, private_home: Path) -> None:
    copy = _newer(tmp_path)
    before = _rows(copy)
    with pytest.raises(DatabaseError, match="newer version of Coordinator") as refused:
        open_database(copy)
    assert "9999_from_the_future" in str(refused.value)
    assert head_revision() in str(refused.value)
    assert _rows(copy) == before, "a refused file must be left as it was"
    assert list_backups(copy) == []


def test_a_newer_schema_is_an_error_message_not_a_traceback(
    tmp_path: Path, private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _newer(tmp_path)
    for argv in (
        ["assign", "--db", str(copy)],
        ["export", "--db", str(copy), "--format", "json", "--out", str(tmp_path / "out.json")],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert "newer version of Coordinator" in err
        assert "Traceback" not in err


def test_a_backup_from_a_newer_schema_is_not_restored(
    tmp_path: Path, private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = _opened_copy(FIXTURE_FILES[-1], tmp_path)
    before = _rows(live)
    newer = _newer(tmp_path)
    assert main(["restore", "--db", str(live), str(newer)]) == 1
    err = capsys.readouterr().err
    assert "newer version of Coordinator" in err and "Traceback" not in err
    assert _rows(live) == before


def test_reminder_owners_survive_a_downgrade_and_upgrade(
    tmp_path: Path, private_home: Path
) -> None:
    """0002 → 0001 keeps one state per reminder (the old constraint), and upgrading again works."""
    copy = _opened_copy(fixture_path("0002"), tmp_path)
    connection = sqlite3.connect(copy)
    with connection:  # a second coordinator fired the same reminders
        connection.execute(
            "INSERT INTO reminder_state (owner, item_uid, occurrence_start, lead_minutes, fired_at)"
            " SELECT 'bea', item_uid, occurrence_start, lead_minutes, fired_at FROM reminder_state"
        )
    connection.close()
    lead = [r for r in _rows(copy)["reminder_state"] if r["owner"] == "lead"]
    database = open_database(copy, upgrade=False)
    try:
        command.downgrade(alembic_config(database.engine), "0001")
        old = _rows(copy)["reminder_state"]
        assert "owner" not in old[0]
        assert [r["id"] for r in old] == [r["id"] for r in lead]
        command.upgrade(alembic_config(database.engine), "head")
        assert {r["owner"] for r in _rows(copy)["reminder_state"]} == {""}
    finally:
        database.dispose()


def test_sequences_counted_from_the_audit_log_move_into_the_schedule(
    tmp_path: Path, private_home: Path
) -> None:
    """0002 → 0003: every .ics SEQUENCE stays what the audit count made it."""
    copy = tmp_path / "programme.sqlite3"
    shutil.copyfile(fixture_path("0002"), copy)
    at = "2010-12-01 12:00:00"
    entries = [  # (entity, action, summary, changes) as schema 0002's code wrote them
        ("check_in_occurrence", "move", "check-in of series 3 moved to 2010-12-07 10:00 UTC", {}),
        ("check_in_occurrence", "move", "check-in of series 3 moved to 2010-12-07 11:00 UTC", {}),
        ("check_in_occurrence", "cancel", "check-in 2010-12-08 09:00 UTC of series 4 cancelled",
         {}),
        ("check_in_occurrence", "done", "check-in 2010-12-09 09:00 UTC of series 5 done", {}),
        ("webinar_occurrence", "cancelled", "webinar session 2 on 2010-12-14 cancelled",
         {"status": ["scheduled", "cancelled"], "start": ["x", "x"]}),
        ("webinar_occurrence", "done", "webinar session 1 on 2010-11-09 done",
         {"status": ["scheduled", "done"], "start": ["x", "x"]}),
    ]  # fmt: skip
    connection = sqlite3.connect(copy)
    with connection:
        connection.executemany(
            "INSERT INTO audit_entry (at, actor, action, entity, entity_id, summary, changes)"
            " VALUES (?, '', ?, ?, 1, ?, ?)",
            [(at, action, entity, summary, json.dumps(changes))
             for entity, action, summary, changes in entries],
        )  # fmt: skip
        before = dict(connection.execute("SELECT id, sequence FROM check_in_series"))
    connection.close()
    open_database(copy).dispose()
    after = _rows(copy)
    sequences = {r["id"]: r["sequence"] for r in after["check_in_series"]}
    assert {i: sequences[i] - before[i] for i in (3, 4, 5)} == {3: 2, 4: 1, 5: 0}
    assert {r["id"]: r["sequence"] for r in after["webinar_session"]} == {1: 0, 2: 1}

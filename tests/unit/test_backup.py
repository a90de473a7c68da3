"""Rotating backups, restore with a safety copy, and a backup before every migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

import coordinator.db as db_module
import coordinator.migrate as migrate
from coordinator.backup import (
    backup_database,
    check_backup,
    latest_backup,
    list_backups,
    restore_backup,
    rotate,
)
from coordinator.cli import main
from coordinator.db import Database, DatabaseError, open_database
from coordinator.models import Community


def _add(database: Database, name: str) -> None:
    with database.unit_of_work() as s:
        s.add(Community(name=name, time_zone="Asia/Kathmandu"))


def _names(database: Database) -> list[str]:
    with database.reading() as s:
        return list(s.scalars(select(Community.name).order_by(Community.name)))


def test_backup_is_a_consistent_copy_and_rotates(database: Database, db_path: Path) -> None:
    _add(database, "Finance Agile")
    taken = [backup_database(db_path, keep=3) for _ in range(5)]
    kept = list_backups(db_path)
    assert [b.path for b in kept] == [b.path for b in reversed(taken[-3:])]
    assert check_backup(kept[0].path)["community"] == 1
    assert rotate(db_path, keep=1) == [b.path for b in kept[1:]]
    assert latest_backup(db_path) == kept[0]


def test_restore_brings_back_the_data_and_saves_the_state_before(
    database: Database, db_path: Path
) -> None:
    _add(database, "Finance Agile")
    backup = backup_database(db_path)
    _add(database, "HR Safety")
    safety = restore_backup(backup.path, db_path)
    assert _names(database) == ["Finance Agile"]
    assert safety is not None and safety.reason == "before-restore"
    assert check_backup(safety.path)["community"] == 2
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_a_damaged_or_foreign_file_is_not_restored(database: Database, db_path: Path, tmp_path):
    _add(database, "Finance Agile")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DatabaseError, match="not a readable SQLite database"):
        restore_backup(junk, db_path)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.close()
    with pytest.raises(DatabaseError, match="not a Coordinator database"):
        restore_backup(other, db_path)
    assert _names(database) == ["Finance Agile"]


def test_a_backup_is_taken_before_a_migration(db_path: Path, monkeypatch) -> None:
    database = open_database(db_path)
    _add(database, "Finance Agile")
    database.dispose()
    applied = []
    # Pretend the code knows a newer schema than the file has.
    monkeypatch.setattr(migrate, "head_revision", lambda: "9999")
    monkeypatch.setattr(db_module, "HEAD_REVISION", "9999")
    monkeypatch.setattr(migrate, "upgrade_to_head", lambda engine: applied.append(engine))
    open_database(db_path).dispose()
    backups = list_backups(db_path)
    assert [b.reason for b in backups] == ["before-upgrade"]
    assert applied and check_backup(backups[0].path)["community"] == 1


def test_backup_and_restore_commands(database: Database, db_path: Path, tmp_path, capsys):
    _add(database, "Finance Agile")
    out = tmp_path / "copy.sqlite3"
    assert main(["backup", "--db", str(db_path), "--out", str(out)]) == 0
    _add(database, "HR Safety")
    assert main(["restore", "--db", str(db_path), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Restored" in printed and "before the restore" in printed
    assert _names(database) == ["Finance Agile"]
    assert main(["backup", "--db", str(db_path), "--list"]) == 0
    assert "before-restore" in capsys.readouterr().out
    assert main(["restore", "--db", str(db_path), str(tmp_path / "missing.sqlite3")]) == 1
    assert "does not exist" in capsys.readouterr().err
    with database.reading() as s:
        assert s.scalar(select(func.count()).select_from(Community)) == 1

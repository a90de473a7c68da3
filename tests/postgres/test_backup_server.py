"""Backups and restores of a whole programme, for a SQLite file and for a team server alike.

A server's backup is a SQLite file made from one snapshot; restoring refills the server's
tables in one transaction, after a backup of what was there.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from coordinator.backup import (
    Backup,
    backup_database,
    backup_stem,
    check_backup,
    latest_backup,
    list_backups,
    restore_backup,
)
from coordinator.cli import main
from coordinator.db import Database, DatabaseError, open_database
from coordinator.domain import CommunityKind
from coordinator.models import Assignment, CheckInSeries, Community, Facilitator
from tests.unit.scheduling_factory import assign, community, series, volunteer

TODAY = date(2026, 9, 1)


def _programme(database: Database) -> None:
    """Two communities, a volunteer coaching one of them, and its check-in series."""
    with database.unit_of_work() as session:
        coached = community(session, "Asia/Kathmandu", name="Finance Agile")
        community(session, "America/St_Johns", name="HR Safety", kind=CommunityKind.EXTERNAL)
        person = volunteer(session, "Australia/Eucla", name="Ana")
        caseload = assign(session, person, coached, starts_on=TODAY, ends_on=date(2027, 3, 1))
        series(session, caseload, local_time=time(9, 30), zone="Asia/Kathmandu", starts_on=TODAY)


def _counts(database: Database) -> dict[str, int]:
    with database.reading() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Community, Facilitator, Assignment, CheckInSeries)
        }


def _names(database: Database) -> list[str]:
    with database.reading() as session:
        return list(session.scalars(select(Community.name).order_by(Community.name)))


def _backed_up(database: Database, tmp_path: Path) -> tuple[Path, Backup]:
    """The programme stored in ``database`` and backed up into a folder of the test's own."""
    _programme(database)
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder, backup_database(database, folder=folder)


def test_a_backup_holds_the_whole_programme_and_rotates(database: Database, tmp_path: Path) -> None:
    _programme(database)
    folder = tmp_path / "backups"
    folder.mkdir()
    taken = [backup_database(database, folder=folder, keep=2) for _ in range(3)]
    kept = list_backups(database, folder=folder)
    assert [b.path for b in kept] == [b.path for b in reversed(taken[1:])]
    assert latest_backup(database, folder=folder) == kept[0]
    assert kept[0].path.name.startswith(backup_stem(database) + "-")
    assert check_backup(kept[0].path) == {
        "community": 2,
        "facilitator": 1,
        "assignment": 1,
        "check_in_series": 1,
    }
    copy = open_database(kept[0].path, create=False)  # a Coordinator database of its own
    try:
        assert _names(copy) == ["Finance Agile", "HR Safety"]
        assert _counts(copy) == _counts(database)
    finally:
        copy.dispose()
    assert not list(folder.glob("*.partial"))


def test_a_server_backup_is_named_after_the_database_and_its_host(
    database: Database,
) -> None:
    url = make_url(database.url)
    if database.path is not None:
        assert backup_stem(database) == "programme"
    else:
        assert backup_stem(database) == f"{url.database}-on-{url.host}"


def test_restore_brings_back_the_programme_and_keeps_what_was_there(
    database: Database, tmp_path: Path
) -> None:
    folder, backup = _backed_up(database, tmp_path)
    with database.unit_of_work() as session:
        session.add(Community(name="Added later", time_zone="Asia/Kolkata"))
        session.execute(Assignment.__table__.delete())

    safety = restore_backup(backup.path, database, folder=folder)

    assert _names(database) == ["Finance Agile", "HR Safety"]
    assert _counts(database)["assignment"] == 1
    assert safety is not None and safety.reason == "before-restore"
    assert check_backup(safety.path)["community"] == 3
    assert check_backup(safety.path)["assignment"] == 0
    # New rows still get fresh ids after the ids that came back with the restore.
    with database.unit_of_work() as session:
        session.add(Community(name="After the restore", time_zone="Pacific/Chatham"))
    assert "After the restore" in _names(database)


def test_a_restore_that_fails_half_way_changes_nothing(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if database.path is not None:
        pytest.skip("a file is restored by SQLite's backup API, itself one transaction")
    folder, backup = _backed_up(database, tmp_path)
    with database.unit_of_work() as session:
        session.add(Community(name="Added later", time_zone="Asia/Kolkata"))

    import coordinator.team as team

    real = team.copy_tables

    def copy_then_fail(reader, writer):  # type: ignore[no-untyped-def]
        real(reader, writer)  # every table emptied and refilled...
        raise RuntimeError("the connection dropped")  # ...and then the commit never comes

    monkeypatch.setattr(team, "copy_tables", copy_then_fail)
    with pytest.raises(RuntimeError):
        restore_backup(backup.path, database, folder=folder)
    assert _names(database) == ["Added later", "Finance Agile", "HR Safety"]


def test_a_read_only_database_is_never_restored(db_url: str, tmp_path: Path) -> None:
    writable = open_database(db_url)
    _programme(writable)
    folder = tmp_path / "backups"
    folder.mkdir()
    backup = backup_database(writable, folder=folder)
    writable.dispose()
    reader = open_database(db_url, read_only=True)
    try:
        with pytest.raises(DatabaseError, match="read-only"):
            restore_backup(backup.path, reader, folder=folder)
    finally:
        reader.dispose()


def test_backup_and_restore_from_the_command_line(
    database: Database, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _programme(database)
    out = tmp_path / "copy.sqlite3"
    assert main(["backup", "--db", db_url, "--out", str(out)]) == 0
    assert "Backed up" in capsys.readouterr().out
    with database.unit_of_work() as session:
        session.execute(text("DELETE FROM check_in_series"))
        session.execute(text("DELETE FROM assignment"))

    assert main(["restore", "--db", db_url, str(out)]) == 0
    said = capsys.readouterr().out
    assert "Restored" in said and "2 community" in said
    assert "The state before the restore was saved as" in said
    assert _counts(database) == {
        "community": 2,
        "facilitator": 1,
        "assignment": 1,
        "check_in_series": 1,
    }
    assert main(["backup", "--db", db_url, "--list"]) == 0
    listed = capsys.readouterr().out
    assert "before-restore" in listed

"""Read-only access below the UI, and the published roster snapshot."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from coordinator.audit import record
from coordinator.cli import main
from coordinator.db import Database, DatabaseError, ReadOnlyError, open_database
from coordinator.models import AuditEntry, Community, Facilitator, Setting
from coordinator.roster import publish_roster, published_at

SECRET = "Host is burning out - do not share"


def _fill(database: Database) -> None:
    with database.unit_of_work() as s:
        s.add(Community(name="Finance Agile", time_zone="Asia/Kathmandu", notes=SECRET))
        s.add(
            Facilitator(
                name="Mara", email="mara@example.com", time_zone="Europe/Stockholm", notes=SECRET
            )
        )
        record(s, "create", "community", None, SECRET)
        s.add(Setting(key="calendar_publish_folder", value="/home/lead/private"))
        s.add(Setting(key="reminders.last_seen", value="2026-11-20T10:00:00+00:00"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def _browse(db: Database) -> None:
    """What a roster session does: read everything it shows."""
    with db.reading() as s:
        assert s.scalars(select(Community)).all()
        assert s.scalars(select(Facilitator)).all()


def test_published_roster_has_no_private_notes_or_audit_log(database: Database, tmp_path: Path):
    _fill(database)
    out = tmp_path / "shared" / "roster.sqlite3"
    roster = publish_roster(database, out)
    assert roster.communities == 1 and roster.facilitators == 1
    # Not even in free pages: the file's bytes do not contain the note.
    assert SECRET.encode() not in out.read_bytes()
    copy = open_database(out, read_only=True)
    with copy.reading() as s:
        assert s.scalars(select(Community.notes)).all() == [""]
        assert s.scalars(select(Facilitator.notes)).all() == [""]
        assert s.scalars(select(AuditEntry)).all() == []
        keys = set(s.scalars(select(Setting.key)))
        assert "calendar_publish_folder" not in keys and "reminders.last_seen" not in keys
        assert published_at(s) == roster.published_at
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "delete"
    copy.dispose()
    # The lead's own database still has everything.
    with database.reading() as s:
        assert s.scalars(select(Community.notes)).one() == SECRET
    assert _side_files(out) == []


def test_a_roster_session_leaves_the_file_byte_for_byte_unchanged(
    database: Database, tmp_path: Path
):
    _fill(database)
    out = publish_roster(database, tmp_path / "share" / "roster.sqlite3").path
    before = _digest(out)
    db = open_database(out, read_only=True)
    _browse(db)
    with pytest.raises(ReadOnlyError), db.unit_of_work():
        pass
    # A write that bypasses the unit of work is refused by SQLite itself, not ignored.
    with pytest.raises(OperationalError, match="readonly"), db.reading() as s:
        s.execute(text("UPDATE community SET name = 'x'"))
    db.dispose()
    assert _digest(out) == before
    assert _side_files(out) == []


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_roster_on_a_file_without_write_permission(database: Database, tmp_path: Path):
    _fill(database)
    folder = tmp_path / "share"
    out = publish_roster(database, folder / "roster.sqlite3").path
    out.chmod(0o444)
    folder.chmod(0o555)
    tmp_path.chmod(0o755)
    before = _digest(out)
    script = textwrap.dedent(
        f"""
        from sqlalchemy import select
        from coordinator.db import open_database, ReadOnlyError
        from coordinator.models import Community
        db = open_database({str(out)!r}, read_only=True)
        with db.reading() as s:
            print(s.scalars(select(Community.name)).one())
        try:
            with db.unit_of_work():
                pass
        except ReadOnlyError as exc:
            print("refused:", exc)
        """
    )
    # Root ignores permission bits; the reader then runs without the capabilities that let it.
    command = [sys.executable, "-c", script]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permission bits cannot be enforced")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "Finance Agile" in result.stdout
    assert "refused: This database is open read-only" in result.stdout
    assert _digest(out) == before
    assert _side_files(out) == []


def test_republishing_replaces_the_file_while_a_reader_has_it_open(
    database: Database, tmp_path: Path
):
    _fill(database)
    out = tmp_path / "roster.sqlite3"
    publish_roster(database, out)
    reader = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM community").fetchone() == (1,)
    with database.unit_of_work() as s:
        s.add(Community(name="HR Safety", time_zone="Pacific/Chatham"))
    publish_roster(database, out)
    # The open reader keeps its consistent view; a new open sees the new roster.
    assert reader.execute("SELECT count(*) FROM community").fetchone() == (1,)
    reader.close()
    fresh = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    assert fresh.execute("SELECT count(*) FROM community").fetchone() == (2,)
    fresh.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


def test_publishing_over_the_database_itself_is_refused(database: Database):
    assert database.path is not None
    with pytest.raises(DatabaseError, match="over the database itself"):
        publish_roster(database, database.path)


def test_live_database_opens_read_only_for_a_team(database: Database, db_path: Path):
    _fill(database)
    viewer = open_database(db_path, read_only=True)
    _browse(viewer)
    with pytest.raises(ReadOnlyError), viewer.unit_of_work():
        pass
    # The lead keeps writing while the viewer is open.
    with database.unit_of_work() as s:
        s.add(Community(name="Legal Cloud", time_zone="Australia/Lord_Howe"))
    with viewer.reading() as s:
        assert len(s.scalars(select(Community)).all()) == 2
    viewer.dispose()


def test_publish_roster_command(database: Database, db_path: Path, tmp_path: Path, capsys):
    _fill(database)
    out = tmp_path / "roster.sqlite3"
    assert main(["publish-roster", "--db", str(db_path), "--out", str(out)]) == 0
    assert "Published the roster" in capsys.readouterr().out
    assert out.exists()

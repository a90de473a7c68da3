"""``--db`` paths with odd characters, and folders that cannot be made: clean, named errors.

A plain path is a path whatever it holds (``?``, ``#``, ``%``, spaces, non-ASCII); only
``scheme://…`` is a SQLAlchemy URL. A data folder that cannot be created is a ``DatabaseError``
naming the folder, which the command line prints as one line (no traceback).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from coordinator.cli import main
from coordinator.db import DatabaseError, open_database, resolve_url, sqlite_path
from coordinator.models import Community

ODD_NAMES = [
    "what?.sqlite3",
    "with space.sqlite3",
    "hash#tag.sqlite3",
    "per%41cent%.sqlite3",
    "Zürich-東京-naïve.sqlite3",
    "all ? # % & = é.sqlite3",
]


@pytest.fixture(autouse=True)
def restore_root_logger() -> Iterator[None]:
    """``main`` sets up logging (a stderr handler bound to this test's capture): undo it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def community_names(path: Path) -> list[str]:
    """Read the file with plain sqlite3: proves the data went to exactly this file."""
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM community ORDER BY name")]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_an_odd_file_name_is_created_and_reopened_as_that_file(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "odd ?#% folder é"
    path = folder / name
    database = open_database(path)
    assert database.path == path
    assert database.display_name == str(path)
    with database.unit_of_work() as s:
        s.add(Community(name="Lean Porto", time_zone="Europe/Lisbon"))
    database.dispose()
    # Nothing else was created beside it (no file cut at "?" or "#"); WAL side files may stay.
    assert {p.name for p in folder.iterdir()} <= {name, f"{name}-wal", f"{name}-shm"}
    assert community_names(path) == ["Lean Porto"]

    again = open_database(path, create=False)
    with again.reading() as s:
        assert s.scalars(select(Community.name)).all() == ["Lean Porto"]
    again.dispose()
    read_only = open_database(path, read_only=True)
    assert read_only.path == path
    with read_only.reading() as s:
        assert s.scalars(select(Community.name)).all() == ["Lean Porto"]
    read_only.dispose()


def test_a_relative_path_with_a_question_mark_is_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = resolve_url("what?.sqlite3")
    assert sqlite_path(url) == tmp_path / "what?.sqlite3"
    open_database("what?.sqlite3").dispose()
    assert (tmp_path / "what?.sqlite3").is_file()
    assert not (tmp_path / "what").exists()


def test_only_scheme_slashes_make_a_url(tmp_path: Path) -> None:
    assert resolve_url("postgresql+psycopg://u:p@h/db?sslmode=require") == (
        "postgresql+psycopg://u:p@h/db?sslmode=require"
    )
    assert resolve_url("sqlite:///x.db?mode=ro") == "sqlite:///x.db?mode=ro"
    # "://" inside a path does not make it a URL.
    odd = tmp_path / "a://b.sqlite3"
    assert sqlite_path(resolve_url(odd)) == odd
    # A plain path renders as the usual URL when it has nothing to escape.
    assert resolve_url(tmp_path / "a.sqlite3") == f"sqlite:///{tmp_path / 'a.sqlite3'}"


def test_a_sqlite_uri_name_is_decoded_only_as_a_uri() -> None:
    assert sqlite_path("sqlite:///file:/data/what%253F.db?mode=ro&uri=true") == Path(
        "/data/what?.db"
    )
    # Without uri=true SQLite takes "file:…" literally, and so does sqlite_path.
    assert sqlite_path("sqlite:///file%3A/data/x.db") == Path("file:/data/x.db")


def test_the_command_line_takes_an_odd_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "team #1 ? 50% é.sqlite3"
    assert main(["demo", "--db", str(path)]) == 0
    assert str(path) in capsys.readouterr().out
    out = tmp_path / "export.json"
    assert main(["export", "--db", str(path), "--format", "json", "--out", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert len(exported["communities"]) == len(community_names(path)) > 0
    written = {p.name for p in tmp_path.iterdir()}
    assert written <= {path.name, f"{path.name}-wal", f"{path.name}-shm", "export.json"}


def test_a_file_in_the_way_of_the_folder_is_a_database_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(DatabaseError) as raised:
        open_database(blocker / "sub" / "programme.sqlite3")
    message = str(raised.value)
    assert f"Cannot create the folder {blocker / 'sub'} for the database" in message
    assert f"{blocker} is a file, not a folder" in message
    assert isinstance(raised.value.__cause__, OSError)


def test_an_unwritable_parent_is_a_database_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Permission bits do not stop root (CI), so mkdir itself is made to refuse.
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    folder = tmp_path / "locked" / "data"
    with pytest.raises(DatabaseError, match="permission denied") as raised:
        open_database(folder / "programme.sqlite3")
    assert f"Cannot create the folder {folder} for the database" in str(raised.value)
    assert f"make {tmp_path} writable" in str(raised.value)


def test_the_default_data_folder_that_cannot_be_made_is_named(blocked_home: Path) -> None:
    with pytest.raises(DatabaseError) as raised:
        open_database()
    expected = f"Cannot create the folder {blocked_home / 'home' / 'data'}"
    assert str(raised.value).startswith(expected)


def test_a_folder_or_a_foreign_file_given_as_the_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder; --db needs a database file"):
        open_database(tmp_path)
    junk = tmp_path / "notes.sqlite3"
    junk.write_text("meeting notes, not a database " * 10, encoding="utf-8")
    with pytest.raises(DatabaseError, match=r"Cannot open the database .*notes\.sqlite3"):
        open_database(junk)


def test_the_command_line_prints_a_folder_error_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("", encoding="utf-8")
    target = blocker / "programme.sqlite3"
    assert main(["assign", "--db", str(target), "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"coordinator assign: Cannot create the folder {blocker}")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def run_window(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m coordinator --smoke-test ARGS``: the window's start-up, offscreen."""
    return subprocess.run(
        [sys.executable, "-m", "coordinator", "--smoke-test", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_window_opens_an_odd_path_and_reports_a_blocked_folder(tmp_path: Path) -> None:
    odd = tmp_path / "what? #1 50%.sqlite3"
    opened = run_window("--db", str(odd))
    assert opened.returncode == 0, opened.stderr
    assert odd.is_file() and not (tmp_path / "what").exists()
    blocker = tmp_path / "data"
    blocker.write_text("", encoding="utf-8")
    refused = run_window("--db", str(blocker / "programme.sqlite3"))
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    # Qt may add warnings of its own (offscreen plugin); the message is one line of its own.
    assert (
        f"coordinator: Cannot create the folder {blocker} for the database "
        f"({blocker} is a file, not a folder): choose another place with --db."
    ) in refused.stderr.splitlines()

"""The installed program as a person starts it: `coordinator …` and `python -m coordinator …`.

Each test runs a real process (the root conftest makes Qt offscreen and ``private_home`` gives
it its own COORDINATOR_HOME through the environment), so start-up, logging and exit codes are
checked end to end.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from coordinator import __version__
from coordinator.cli import build_parser
from coordinator.migrate import head_revision
from tests.processes import alembic_revision, command_names, run_captured

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m coordinator ARGS`` with this interpreter."""
    return run_captured([sys.executable, "-m", "coordinator", *args], timeout=TIMEOUT, env=env)


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip(), "a failure must say why on stderr"


def test_smoke_test_creates_and_migrates_a_new_database(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    result = run("--smoke-test", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"ready in \d+ ms\ndatabase open in \d+ ms", result.stdout.strip()), (
        result.stdout
    )
    assert alembic_revision(db) == head_revision()


def test_smoke_test_read_only_never_writes(tmp_path: Path) -> None:
    db = tmp_path / "programme.sqlite3"
    assert run("--smoke-test", "--db", str(db)).returncode == 0
    before = db.read_bytes()

    result = run("--smoke-test", "--read-only", "--db", str(db))

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ready in ")
    # SQLite may leave its -wal/-shm side files after a read-only open of a WAL database;
    # the database itself must be byte for byte the same.
    assert db.read_bytes() == before


def test_read_only_on_a_missing_database_is_a_clean_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    result = run("--smoke-test", "--read-only", "--db", str(missing))
    assert_clean_failure(result, 1)
    assert "does not exist" in result.stderr
    assert not missing.exists()


def test_smoke_test_without_db_uses_the_data_folder_and_writes_the_log(
    private_home: Path,
) -> None:
    result = run("--smoke-test")
    assert result.returncode == 0, result.stderr
    assert alembic_revision(private_home / "data" / "coordinator.sqlite3") == head_revision()
    log = (private_home / "log" / "coordinator.log").read_text(encoding="utf-8")
    assert f"Coordinator {__version__}" in log


def test_an_unwritable_home_does_not_stop_the_app(tmp_path: Path) -> None:
    # A regular file where the home folder should be: no folder can be made below it, even as
    # root (CI runs as root, where permission bits would not stop anything).
    blocker = tmp_path / "home-is-a-file"
    blocker.write_text("", encoding="utf-8")
    env = {**os.environ, "COORDINATOR_HOME": str(blocker / "home")}

    result = run("--smoke-test", "--db", str(tmp_path / "programme.sqlite3"), env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ready in ")
    assert "logging to the terminal only" in result.stderr
    assert "Traceback" not in result.stderr


def test_console_script_prints_the_version() -> None:
    script = shutil.which("coordinator", path=str(Path(sys.executable).parent))
    script = script or shutil.which("coordinator")
    assert script, "the `coordinator` command is missing: run `pip install -e .`"
    result = run_captured([script, "--version"], timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"coordinator {__version__}"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    dynamic = project["tool"]["setuptools"]["dynamic"]
    assert dynamic["version"] == {"attr": "coordinator.__version__"}
    assert version("coordinator") == __version__, "installed metadata is stale: pip install -e ."


def test_unknown_subcommand_is_a_clean_error() -> None:
    result = run("no-such-command")
    assert_clean_failure(result, 2)
    assert "invalid choice: 'no-such-command'" in result.stderr
    assert result.stdout == ""


def test_help_lists_every_command_and_the_main_options() -> None:
    result = run("--help")
    assert result.returncode == 0, result.stderr
    for option in ("--db", "--read-only", "--smoke-test", "--version"):
        assert option in result.stdout
    missing = [name for name in command_names() if name not in result.stdout]
    assert missing == []


@pytest.mark.parametrize("command", command_names())
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    # In-process: the process start-up is covered above; this only checks each parser.
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([command, "--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: coordinator {command}")

"""The PyInstaller one-folder build: it starts, migrates, runs headless commands, ships its files.

Skipped unless asked for (``--frozen`` or COORDINATOR_TEST_FROZEN=1): building takes minutes.
COORDINATOR_FROZEN_APP may name an executable already built from build.spec (.ci/run does
that); otherwise the app is built once per session into a temporary folder.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coordinator import __version__
from coordinator.migrate import head_revision
from tests.processes import alembic_revision, command_names, run_captured

# The first test also waits for the build when the session fixture makes one.
pytestmark = [pytest.mark.frozen, pytest.mark.slow, pytest.mark.timeout(1800)]

REPO = Path(__file__).resolve().parents[2]
EXE_NAME = "coordinator.exe" if sys.platform == "win32" else "coordinator"
BUILD_TIMEOUT = 1800
RUN_TIMEOUT = 180


@pytest.fixture(scope="session")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The frozen executable: COORDINATOR_FROZEN_APP, or a fresh build from build.spec."""
    given = os.environ.get("COORDINATOR_FROZEN_APP")
    if given:
        app = Path(given).resolve()
        assert app.is_file(), f"COORDINATOR_FROZEN_APP={given} is not a file"
        yield app
        return
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail('PyInstaller is not installed: pip install -e ".[build]"')
    out = tmp_path_factory.mktemp("pyinstaller")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(out / "dist"), "--workpath", str(out / "build"), "build.spec"]
    build = run_captured(command, timeout=BUILD_TIMEOUT, cwd=REPO)
    assert build.returncode == 0, build.stderr[-5000:]
    yield out / "dist" / "coordinator" / EXE_NAME


@pytest.fixture(scope="session")
def bundle(frozen_app: Path) -> Path:
    """The folder with everything but the executable (sys._MEIPASS of the frozen app)."""
    return frozen_app.parent / "_internal"


def run(app: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COORDINATOR_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return run_captured([str(app), *args], timeout=RUN_TIMEOUT, env=env)


def test_version_is_the_projects(frozen_app: Path, tmp_path: Path) -> None:
    result = run(frozen_app, "--version", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"coordinator {__version__}"


def test_smoke_test_creates_a_migrated_database(frozen_app: Path, tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    result = run(frozen_app, "--smoke-test", "--db", str(db), home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"ready in \d+ ms\ndatabase open in \d+ ms", result.stdout.strip()), (
        result.stdout
    )
    # Proves the Alembic scripts were found at the path migrations_path() computes when frozen.
    assert alembic_revision(db) == head_revision()

    read_only = run(frozen_app, "--smoke-test", "--read-only", "--db", str(db), home=tmp_path)
    assert read_only.returncode == 0, read_only.stderr
    assert read_only.stdout.startswith("ready in ")


def test_default_database_and_log_go_to_the_home_folders(frozen_app: Path, tmp_path: Path) -> None:
    result = run(frozen_app, "--smoke-test", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert alembic_revision(tmp_path / "data" / "coordinator.sqlite3") == head_revision()
    log = (tmp_path / "log" / "coordinator.log").read_text(encoding="utf-8")
    assert f"Coordinator {__version__}" in log
    assert "(frozen)" in log


def test_help_lists_every_command(frozen_app: Path, tmp_path: Path) -> None:
    result = run(frozen_app, "--help", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [name for name in command_names() if name not in result.stdout] == []


def test_unknown_subcommand_is_a_clean_error(frozen_app: Path, tmp_path: Path) -> None:
    result = run(frozen_app, "no-such-command", home=tmp_path)
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr


def test_commands_and_window_on_a_demo_programme(frozen_app: Path, tmp_path: Path) -> None:
    # Real runs, not --help: commands import some libraries (openpyxl, icalendar, scipy) only
    # when they work, and those must be in the bundle too.
    available = set(command_names())
    if "demo" not in available:
        pytest.skip("needs the demo command")
    db = str(tmp_path / "demo.sqlite3")
    steps = [["demo", "--db", db]]
    if "import" in available:
        sample = REPO / "resources" / "samples" / "communities.csv"
        steps.append(["import", "--db", db, str(sample)])
    if "assign" in available:
        steps.append(["assign", "--db", db, "--dry-run", "--json"])
    if "schedule" in available:
        steps.append(["schedule", "--db", db])
    if "export" in available:
        steps.append(["export", "--db", db, "--format", "json", "--out", str(tmp_path / "p.json")])
    # The window on a full programme (every view loaded), for the lead and for a volunteer.
    steps += [["--smoke-test", "--db", db], ["--smoke-test", "--read-only", "--db", db]]
    for args in steps:
        result = run(frozen_app, *args, home=tmp_path)
        assert result.returncode == 0, f"{args[0]}: {result.stderr}"
        assert "Traceback" not in result.stderr
    if "export" in available:
        data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
        assert data["communities"] and data["facilitators"]


def test_bundle_ships_resources_and_migrations(bundle: Path) -> None:
    samples = REPO / "resources" / "samples"
    for sample in samples.glob("*.csv"):
        shipped = bundle / "coordinator_resources" / "samples" / sample.name
        assert shipped.read_bytes() == sample.read_bytes()
    migrations = REPO / "coordinator" / "migrations"
    for script in [migrations / "env.py", *migrations.glob("versions/*.py")]:
        assert (bundle / script.relative_to(REPO)).is_file(), script.name


def test_bundle_leaves_out_unused_qt_and_other_bindings(bundle: Path) -> None:
    names = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*")]
    unwanted = re.compile(r"WebEngine|Qt6?Quick|Qt6?Qml|Qt63D|Qt6?Multimedia|Qt6?Pdf|PyQt[56]/")
    assert [name for name in names if unwanted.search(name)] == []
    for kept in ("QtCore", "QtGui", "QtWidgets"):
        assert any(kept in name for name in names), kept

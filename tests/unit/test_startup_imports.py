"""What the window's start-up imports: the frame paints before SQLAlchemy, and nothing heavy
(SciPy, APScheduler, icalendar, openpyxl, Alembic…) is imported until a page or action needs it.

Run in a fresh interpreter (``coordinator --smoke-test``), so other tests' imports do not count.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from coordinator.db import Database
from tests.processes import run_captured

# Imported only by the pages and actions that need them (or by reminders, after start-up).
HEAVY = ("scipy", "numpy", "apscheduler", "icalendar", "openpyxl", "alembic", "mako", "psycopg")

SCRIPT = """
import json, sys
import coordinator.cli as cli

seen = {}
setup_logging = cli._setup_logging

def spy():
    seen["frame"] = sorted(sys.modules)  # the window is on screen; nothing else is done yet
    setup_logging()

cli._setup_logging = spy
code = cli.main(["--smoke-test", "--db", sys.argv[1]])  # as the program starts it
print(json.dumps({"code": code, "frame": seen["frame"], "after": sorted(sys.modules)}))
"""


def test_the_window_shows_before_sqlalchemy_and_never_imports_heavy_libraries(
    database: Database, db_path: Path, private_home: Path
) -> None:
    database.dispose()  # created and migrated: opening it again needs no Alembic
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COORDINATOR_HOME": str(private_home)}
    result = run_captured([sys.executable, "-c", SCRIPT, str(db_path)], timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("ready in ")
    seen = json.loads(lines[-1])
    assert seen["code"] == 0

    frame = set(seen["frame"])
    assert {"PySide6.QtWidgets", "coordinator_ui.main_window"} <= frame
    assert not {"sqlalchemy", "coordinator.db", "coordinator.models"} & frame
    assert "importlib.metadata" not in frame  # the version is written in coordinator/__init__
    assert "importlib.resources" not in frame  # icons are found beside their package
    assert "coordinator.domain" not in frame  # the bands' colours wait for the first page
    # The log file is set up once the frame is on screen (its imports cost 30-40 ms)...
    assert not {"coordinator.log", "logging.handlers"} & frame
    # ...and it has the whole start.
    log = (private_home / "log" / "coordinator.log").read_text(encoding="utf-8")
    assert "window ready in" in log and "database open and first page built" in log

    # A SQLite start never loads PostgreSQL's dialect (its drivers and asyncio: 40-65 ms).
    assert "sqlalchemy.dialects.postgresql" not in seen["after"]
    after = {name.split(".")[0] for name in seen["after"]}
    assert "sqlalchemy" in after  # the database was opened and the first page built
    assert not set(HEAVY) & after

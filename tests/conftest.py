"""Shared fixtures: a private app home, fresh SQLite databases, the sample files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coordinator.db import Database, open_database

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "resources" / "samples"
ARTIFACTS = REPO / "tests" / "artifacts"


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data, config and log folders (never the user's)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("COORDINATOR_HOME", str(home))
    return home


@pytest.fixture
def blocked_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """COORDINATOR_HOME below a regular file, where no folder can be made (not even by root);
    returns that file."""
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("COORDINATOR_HOME", str(blocker / "home"))
    return blocker


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "programme.sqlite3"


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    """A fresh, migrated SQLite file."""
    db = open_database(db_path)
    yield db
    db.dispose()


@pytest.fixture
def samples() -> Path:
    """Folder with the sample programme's CSV files."""
    return SAMPLES


@pytest.fixture
def artifacts() -> Path:
    """Folder where UI tests save screenshots to be looked at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

"""Where things live: the home override, bundled resources (also frozen), the migrations."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from coordinator import paths


def test_home_override_holds_data_config_and_log(private_home: Path) -> None:
    assert paths.data_dir() == private_home / "data"
    assert paths.config_dir() == private_home / "config"
    assert paths.log_dir() == private_home / "log"
    assert all((private_home / name).is_dir() for name in ("data", "config", "log"))
    assert paths.default_database_path() == private_home / "data" / "coordinator.sqlite3"


def test_a_folder_that_cannot_be_made_is_returned_not_raised(blocked_home: Path) -> None:
    assert paths.config_dir() == blocked_home / "home" / "config"
    assert not paths.config_dir().exists()


def test_resources_and_migrations_are_found_from_the_source_tree() -> None:
    assert paths.resource_path("samples", "communities.csv").is_file()
    assert (paths.migrations_path() / "env.py").is_file()
    assert any(paths.migrations_path().glob("versions/*.py"))


def test_resources_come_from_the_bundle_when_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    expected = tmp_path / "coordinator_resources" / "samples" / "communities.csv"
    assert paths.resource_path("samples", "communities.csv") == expected

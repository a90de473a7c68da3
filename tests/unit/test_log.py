"""The rotating log file: where it goes, that it rotates, and that a bad folder is not fatal."""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Iterator
from pathlib import Path

import pytest

from coordinator import log as app_log


@pytest.fixture(autouse=True)
def restore_root_logger() -> Iterator[None]:
    """Put the root logger back as pytest left it (setup_logging changes process state)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_writes_a_file_in_the_log_folder(private_home: Path) -> None:
    path = app_log.setup_logging()

    logging.getLogger("coordinator.test").info("hello from the test")

    assert path == private_home / "log" / "coordinator.log"
    assert app_log.log_file() == path.resolve()
    text = path.read_text(encoding="utf-8")
    assert "INFO    coordinator.test: hello from the test" in text


def test_rotates_and_keeps_a_bounded_number_of_files(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_log, "MAX_BYTES", 2_000)
    path = app_log.setup_logging()
    assert path is not None

    for number in range(500):
        logging.getLogger("coordinator.test").info("line %d %s", number, "x" * 50)

    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["coordinator.log", *(f"coordinator.log.{n}" for n in range(1, 6))]
    assert all(p.stat().st_size <= 2_000 for p in path.parent.iterdir())


def test_calling_again_keeps_one_file_handler_and_follows_a_new_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = app_log.setup_logging()
    assert app_log.setup_logging() == first

    monkeypatch.setenv("COORDINATOR_HOME", str(tmp_path / "other"))
    second = app_log.setup_logging()

    ours = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.handlers.RotatingFileHandler)
    ]
    assert len(ours) == 1
    assert second == tmp_path / "other" / "log" / "coordinator.log"


def test_an_unusable_log_folder_is_not_fatal(
    blocked_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert app_log.setup_logging() is None

    assert app_log.log_file() is None
    logging.getLogger("coordinator.test").warning("still reported")
    assert "still reported" in capsys.readouterr().err


def test_an_unwritable_log_file_is_not_fatal(private_home: Path) -> None:
    # A folder where the file should be: opening it fails even for root.
    (private_home / "log" / "coordinator.log").mkdir(parents=True)

    assert app_log.setup_logging() is None
    assert app_log.log_file() is None

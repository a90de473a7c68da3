"""Fixtures and helpers for the main window's UI tests (imported by each test module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from coordinator.db import Database
from coordinator_ui.theme import apply_style
from coordinator_ui.workers import running_tasks, wait_for_tasks
from tests.ui.programme_data import load_sample_programme

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PageT = TypeVar("PageT", bound=QWidget)


SHOWN: list[str] = []


def _record(_parent: object, _title: str, text: str, *_args: object) -> object:
    SHOWN.append(text)
    return QMessageBox.StandardButton.Ok


@pytest.fixture
def styled(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[QApplication]:
    """The app with Coordinator's style sheet, reset afterwards (other tests share the app).

    Message boxes are patched too (a modal box would block the test): what they would have
    said is in the ``messages`` fixture.
    """
    SHOWN.clear()
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, _record)
    style = qapp.style().name()
    apply_style(qapp)
    yield qapp
    wait_for_tasks()
    qapp.processEvents()
    qapp.setStyleSheet("")
    qapp.setStyle(style)


@pytest.fixture
def messages(styled: QApplication) -> list[str]:
    """What the app's message boxes would have said during the test."""
    return SHOWN


@pytest.fixture
def sample_database(database: Database) -> Database:
    """A fresh database holding the sample programme (with a first caseload)."""
    load_sample_programme(database)
    return database


def wait_idle(qtbot, timeout: int = 15_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until every background task has delivered its result."""
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=timeout)


def show_page(qtbot, page: PageT, width: int, height: int) -> PageT:  # type: ignore[no-untyped-def]
    """``page`` handed to qtbot, sized, shown and asked for its first load (not waited for)."""
    qtbot.addWidget(page)
    page.resize(width, height)
    page.show()
    page.reload()
    return page


def save_shot(widget: QWidget, name: str) -> Path:
    """Save a PNG of ``widget`` into tests/artifacts/ (to be looked at)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    path = ARTIFACTS / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path

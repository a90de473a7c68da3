"""An unexpected exception shows a copyable report, is logged, and the app keeps running."""

from __future__ import annotations

import platform
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from coordinator import __version__
from coordinator.log import setup_logging
from coordinator_ui.error_dialog import ErrorDialog, ErrorHandler, install_error_handler
from coordinator_ui.workers import run_task
from tests.ui.ui_fixtures import save_shot

DATABASE = "/data/programme.sqlite3"


@pytest.fixture
def handler(qapp: QApplication, private_home: Path) -> Iterator[ErrorHandler]:
    """Our hooks installed (and removed afterwards), logging to the private home's log file."""
    setup_logging()
    installed = install_error_handler(qapp, database=DATABASE)
    yield installed
    installed.uninstall()


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Reports of the dialogs that would have been shown (exec is patched: it would block)."""
    reports: list[str] = []

    def fake_exec(dialog: ErrorDialog) -> int:
        assert dialog.thread() is QApplication.instance().thread()
        reports.append(dialog.report())
        return 0

    monkeypatch.setattr(ErrorDialog, "exec", fake_exec)
    return reports


def _log_text() -> str:
    from coordinator.log import log_file

    path = log_file()
    assert path is not None
    return path.read_text(encoding="utf-8")


def explode() -> None:
    raise RuntimeError("the volunteer list is on fire 🔥")


# pytest-qt would otherwise take the slot's exception for itself and fail the test.
@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_a_report_and_the_app_goes_on(
    qtbot, handler: ErrorHandler, shown: list[str]
) -> None:  # type: ignore[no-untyped-def]
    boom = QPushButton("Boom")
    fine = QPushButton("Fine")
    clicks: list[str] = []
    boom.clicked.connect(explode)
    fine.clicked.connect(lambda: clicks.append("fine"))
    for button in (boom, fine):
        qtbot.addWidget(button)
        button.show()

    qtbot.mouseClick(boom, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown) == 1)
    report = shown[0]
    assert "Traceback (most recent call last)" in report
    assert "in explode" in report
    assert "RuntimeError: the volunteer list is on fire 🔥" in report
    assert __version__ in report
    assert platform.python_version() in report
    assert DATABASE in report
    assert "RuntimeError: the volunteer list is on fire" in _log_text()

    # Still running: the event loop delivers the next click, timers fire, and a second error
    # gets its own dialog once the first is closed.
    qtbot.mouseClick(fine, Qt.MouseButton.LeftButton)
    assert clicks == ["fine"]
    ticked: list[bool] = []
    QTimer.singleShot(0, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: ticked == [True])
    qtbot.mouseClick(boom, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown) == 2)


def test_an_exception_in_a_thread_is_shown_on_the_gui_thread(
    qtbot, handler: ErrorHandler, shown: list[str]
) -> None:  # type: ignore[no-untyped-def]
    worker = threading.Thread(target=explode, name="importer")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "thread importer" in shown[0]
    assert "RuntimeError: the volunteer list is on fire" in shown[0]
    assert "Unexpected error in thread importer" in _log_text()


def test_errors_while_the_dialog_is_open_join_it(
    qtbot, handler: ErrorHandler, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[tuple[int, str, str]] = []

    def exec_and_meet_another(dialog: ErrorDialog) -> int:
        try:
            explode()
        except RuntimeError as error:
            handler.report(error, error.__traceback__, thread="MainThread")
        QApplication.processEvents()  # what the dialog's own event loop would do
        dialogs.append((dialog.count, dialog.report(), dialog.summary.text()))
        return 0

    monkeypatch.setattr(ErrorDialog, "exec", exec_and_meet_another)
    try:
        explode()
    except RuntimeError as error:
        handler.excepthook(RuntimeError, error, error.__traceback__)
    qtbot.waitUntil(lambda: len(dialogs) == 1)
    count, report, summary = dialogs[0]
    assert count == 2
    assert report.count("RuntimeError: the volunteer list") == 2
    assert "2 errors" in summary


def test_copy_report_puts_the_whole_report_on_the_clipboard(qtbot, handler: ErrorHandler) -> None:  # type: ignore[no-untyped-def]
    try:
        explode()
    except RuntimeError as error:
        from coordinator_ui.error_dialog import error_report

        report = error_report(error, error.__traceback__, database=DATABASE)
    dialog = ErrorDialog(report)
    qtbot.addWidget(dialog)
    dialog.show()
    save_shot(dialog, "error_dialog")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == report
    assert dialog.copy_button.text() == "Copied"


def test_keyboard_interrupt_is_left_to_python(
    handler: ErrorHandler, shown: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    passed: list[type[BaseException]] = []
    monkeypatch.setattr("sys.__excepthook__", lambda kind, *_: passed.append(kind))
    handler.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    QApplication.processEvents()
    assert passed == [KeyboardInterrupt]
    assert shown == []


def test_a_background_task_nobody_handles_is_shown_too(
    qtbot, handler: ErrorHandler, shown: list[str]
) -> None:  # type: ignore[no-untyped-def]
    run_task(explode)
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "worker running explode" in shown[0]
    assert "RuntimeError: the volunteer list is on fire" in shown[0]
    handled: list[BaseException] = []
    run_task(explode, on_error=handled.append)  # a task with its own handler shows nothing
    qtbot.waitUntil(lambda: len(handled) == 1)
    QApplication.processEvents()
    assert len(shown) == 1

"""Unexpected errors: logged with their traceback, then shown in a dialog with a copyable report.

``install_error_handler(app)`` replaces ``sys.excepthook`` (which PySide6 also calls for an
exception raised inside a slot or a virtual method) and ``threading.excepthook``. Whatever the
thread, the error is logged at once; the dialog opens on the GUI thread when control is back in
the event loop, so the app keeps running. Errors that come while the dialog is open are added
to it instead of opening another one.
"""

from __future__ import annotations

import logging
import platform
import queue
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator import APP_NAME, __version__

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
_REPORT_READY = QEvent.Type(QEvent.registerEventType())


def _log_file() -> Path | None:
    # Imported on use: the handler is installed before the frame, the log module after it.
    from coordinator.log import log_file

    return log_file()


def error_report(
    error: BaseException, tb: TracebackType | None, *, database: str = "", thread: str = ""
) -> str:
    """The text a person copies into a bug report: what failed, where, and on what."""
    lines = [
        f"{APP_NAME} {__version__}",
        f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {PySide6.__version__}",
        f"Platform: {platform.platform()}",
        f"Database: {database or 'not open'}",
        f"Log file: {_log_file() or 'none (logging to the terminal only)'}",
        f"Time: {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC"
        + (f", thread {thread}" if thread else ""),
        "",
        "".join(traceback.format_exception(type(error), error, tb)).rstrip(),
    ]
    return "\n".join(lines)


class ErrorDialog(QDialog):
    """What went wrong, in words and as a report to copy; closing it returns to the app."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ErrorDialog")
        self.setWindowTitle(f"{APP_NAME}: unexpected error")
        self.count = 1
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit(report)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton("Copy report")
        self.copy_button.clicked.connect(self.copy_report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 100, self.fontMetrics().height() * 28)
        self._update_summary()

    def add(self, report: str) -> None:
        """Another error while this one is shown: append it rather than stack dialogs."""
        self.count += 1
        self.details.appendPlainText(f"\n{'-' * 72}\n{report}")
        self._update_summary()

    def report(self) -> str:
        """The whole report text."""
        return self.details.toPlainText()

    def copy_report(self) -> None:
        """Put the report on the clipboard (for an e-mail or an issue)."""
        QGuiApplication.clipboard().setText(self.report())
        self.copy_button.setText("Copied")

    def _update_summary(self) -> None:
        times = "" if self.count == 1 else f" ({self.count} errors)"
        where = _log_file()
        logged = f" It was written to the log file {where}." if where else ""
        self.summary.setText(
            f"<b>Something went wrong{times}.</b> {APP_NAME} is still running, but what you "
            f"were doing may not have finished; please check it.{logged} If you report the "
            "problem, include the report below (Copy report)."
        )


class ErrorHandler(QObject):
    """Receives unexpected exceptions from any thread; logs them and shows them on the GUI."""

    def __init__(self, app: QCoreApplication, database: str = "") -> None:
        super().__init__(app)
        self.database = database
        self.dialog: ErrorDialog | None = None
        self.shown: list[str] = []  # every report shown, for the tests and the curious
        self._pending: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._previous: tuple[ExceptHook, Callable[..., object]] | None = None

    def install(self) -> None:
        """Become ``sys.excepthook`` and ``threading.excepthook``."""
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        """Put the previous hooks back."""
        global _handler
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None
        if _handler is self:
            _handler = None

    def excepthook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        """``sys.excepthook``: the GUI thread's (and PySide6's slot) errors."""
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(kind, error, tb)
            return
        self.report(error, tb, thread=threading.current_thread().name)

    def thread_excepthook(self, args: threading.ExceptHookArguments) -> None:
        """``threading.excepthook``: an error that ended a Python thread."""
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "unknown"
        self.report(args.exc_value, args.exc_traceback, thread=name)

    def report(self, error: BaseException, tb: TracebackType | None, thread: str = "") -> None:
        """Log the error now; show it once the GUI thread is back in its event loop."""
        log.critical("Unexpected error in thread %s", thread, exc_info=(type(error), error, tb))
        self._pending.put(error_report(error, tb, database=self.database, thread=thread))
        # postEvent is safe from any thread (no signal is emitted off the GUI thread).
        QCoreApplication.postEvent(self, QEvent(_REPORT_READY))

    def event(self, event: QEvent) -> bool:
        if event.type() == _REPORT_READY:
            self._show_pending()
            return True
        return super().event(event)

    def _show_pending(self) -> None:
        assert QThread.currentThread() is self.thread()
        reports = []
        while True:
            try:
                reports.append(self._pending.get_nowait())
            except queue.Empty:
                break
        if not reports:
            return
        self.shown.extend(reports)
        if self.dialog is not None:  # one dialog at a time: the open one collects the rest
            for text in reports:
                self.dialog.add(text)
            return
        self.dialog = ErrorDialog(reports[0], QApplication.activeWindow())
        for text in reports[1:]:
            self.dialog.add(text)
        try:
            self.dialog.exec()
        finally:
            self.dialog.deleteLater()
            self.dialog = None


_handler: ErrorHandler | None = None


def install_error_handler(app: QCoreApplication, database: str = "") -> ErrorHandler:
    """Show unexpected errors in a dialog (and the log) instead of losing them; returns it."""
    global _handler
    if _handler is not None:
        _handler.uninstall()
    _handler = ErrorHandler(app, database)
    _handler.install()
    return _handler


def error_handler() -> ErrorHandler | None:
    """The installed handler, if any (the window tells it which database is open)."""
    return _handler

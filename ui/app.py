"""Start-up of the window: QApplication, main window (or roster), database, smoke test.

The editor's frame (navigation, menus, status bar) paints first; then the database opens on a
thread of its own (``coordinator.opening``: SQLAlchemy alone takes longer to import than Qt)
while the frame stays responsive; then the remembered page is built and starts reading in the
background. The roster view (``--read-only``) waits for its database before it builds its
window.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import wait as wait_for
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from coordinator import APP_ID, APP_NAME, __version__

if TYPE_CHECKING:
    from coordinator.db import Database
    from coordinator_ui.main_window import MainWindow
    from coordinator_ui.roster_window import RosterWindow

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, with names that settings and paths use."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


def _no_display() -> bool:
    """True on a Linux/BSD machine without an X or Wayland display."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def run_app(
    db: str | None,
    *,
    read_only: bool = False,
    smoke_test: bool = False,
    started: float | None = None,
    start_logging: Callable[[], object] | None = None,
) -> int:
    """Open the window on ``db``; with ``smoke_test`` build it, report the time and exit.

    ``started`` is when the program started (``perf_counter``), so "ready in" counts the
    imports before this call too. ``start_logging`` sets up the log file; it is called once the
    frame is on screen (before that, warnings go to stderr), and before anything is opened.
    """
    started = time.perf_counter() if started is None else started
    start_logging = start_logging or (lambda: None)
    if smoke_test and _no_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # CI, SSH sessions, containers
    app = create_application()
    errors = None
    if not smoke_test:  # a smoke test must fail loudly, not wait in a dialog
        from coordinator_ui.error_dialog import install_error_handler

        errors = install_error_handler(app)
    from coordinator_ui.theme import apply_style

    apply_style(app)
    if read_only:  # no frame first: the roster view is built once its database is open
        start_logging()
        opening = _start_opening(db, read_only=True)
        return _run_roster(app, opening, errors, smoke_test=smoke_test, started=started)

    from coordinator_ui.main_window import MainWindow

    window = MainWindow(None, remember=not smoke_test)
    shown = smoke_test or _should_show()
    if shown:
        window.show()
        app.processEvents()  # the frame is on screen while the database opens
    ready_ms = _ms_since(started)
    if smoke_test:
        print(f"ready in {ready_ms:.0f} ms", flush=True)
    start_logging()
    log.info("window ready in %.0f ms", ready_ms)
    opening = _start_opening(db, read_only=False)

    database = _collect(app, opening, smoke_test=smoke_test, parent=window)
    if database is None:
        window.remember = False  # nothing was shown worth remembering
        window.close()
        window.deleteLater()
        return 1
    if shown and not window.isVisible():  # closed while the database was opening
        database.dispose()
        return 0
    if errors is not None:
        errors.database = database.display_name
    offer = not smoke_test and _offer_sample(database, is_default=db is None)
    window.attach(database, offer_first_run=offer)
    from coordinator_ui.backup_ui import install_backups

    install_backups(window, start=not smoke_test)  # daily backups while the window is open
    if shown:
        app.processEvents()
    attached_ms = _ms_since(started)
    log.info("database open and first page built in %.0f ms", attached_ms)
    if smoke_test:
        print(f"database open in {attached_ms:.0f} ms", flush=True)
        window.close()
        database.dispose()
        return 0
    QTimer.singleShot(0, window.on_started)
    code = app.exec()
    database.dispose()
    return code


def _start_opening(db: str | None, *, read_only: bool) -> Future[Database]:
    from coordinator.opening import open_in_background

    return open_in_background(db, read_only=read_only)


def _should_show() -> bool:
    """False when the person chose to start hidden in the tray."""
    from coordinator_ui.tray_preferences import start_hidden

    return not start_hidden()


def _offer_sample(database: Database, *, is_default: bool) -> bool:
    from coordinator_ui.first_run import should_offer_sample

    return should_offer_sample(database, is_default=is_default)


def _collect(
    app: QApplication,
    opening: Future[Database],
    *,
    smoke_test: bool,
    parent: MainWindow | None = None,
) -> Database | None:
    """The database being opened, or None after saying why it cannot be (stderr or a box).

    The window stays responsive meanwhile: it repaints, moves and can be closed (its pages and
    actions wait for the database, disabled).
    """
    while not opening.done():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        wait_for([opening], timeout=0.01)
    from coordinator.db import DatabaseError

    try:
        return opening.result()
    except DatabaseError as exc:
        if smoke_test:
            print(f"coordinator: {exc}", file=sys.stderr)
        else:
            QMessageBox.critical(parent, APP_NAME, str(exc))
        return None


def _run_roster(
    app: QApplication, opening: Future[Database], errors: Any, *, smoke_test: bool, started: float
) -> int:
    """The volunteers' read-only roster view: it has no action that could write (issue 8)."""
    database = _collect(app, opening, smoke_test=smoke_test)
    if database is None:
        return 1
    if errors is not None:
        errors.database = database.display_name
    from coordinator_ui.roster_window import RosterWindow

    window: RosterWindow = RosterWindow(database, remember=not smoke_test)
    window.show()
    if smoke_test:
        app.processEvents()
        print(f"ready in {_ms_since(started):.0f} ms", flush=True)
        window.close()
        database.dispose()
        return 0
    QTimer.singleShot(0, window.on_started)
    code = app.exec()
    database.dispose()
    return code

"""Start-up of the window: QApplication, database, main window (or roster), smoke test."""

from __future__ import annotations

import logging
import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from coordinator import APP_ID, APP_NAME, __version__
from coordinator.db import Database, DatabaseError, open_database

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


def run_app(db: str | None, *, read_only: bool = False, smoke_test: bool = False) -> int:
    """Open the window on ``db``; with ``smoke_test`` build it, report the time and exit."""
    started = time.perf_counter()
    if smoke_test and _no_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # CI, SSH sessions, containers
    app = create_application()
    errors = None
    if not smoke_test:  # a smoke test must fail loudly, not wait in a dialog
        from coordinator_ui.error_dialog import install_error_handler

        errors = install_error_handler(app)
    try:
        database: Database = open_database(db, read_only=read_only)
    except DatabaseError as exc:
        if smoke_test:
            print(f"coordinator: {exc}", file=sys.stderr)
            return 1
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1

    if errors is not None:
        errors.database = database.display_name
    from coordinator_ui.first_run import should_offer_sample
    from coordinator_ui.main_window import MainWindow
    from coordinator_ui.theme import apply_style

    apply_style(app)
    window: MainWindow | RosterWindow
    if read_only:
        # Volunteers get the roster view: it has no action that could write (issue 8).
        from coordinator_ui.roster_window import RosterWindow

        window = RosterWindow(database, remember=not smoke_test)
    else:
        offer = not smoke_test and should_offer_sample(database, is_default=db is None)
        window = MainWindow(database, offer_first_run=offer, remember=not smoke_test)
        from coordinator_ui.backup_ui import install_backups

        install_backups(window, start=not smoke_test)  # daily backups while the window is open
    from coordinator_ui.tray import start_hidden

    if smoke_test or read_only or not start_hidden():
        window.show()
    if smoke_test:
        app.processEvents()
        elapsed_ms = (time.perf_counter() - started) * 1000
        print(f"ready in {elapsed_ms:.0f} ms")
        window.close()
        database.dispose()
        return 0
    QTimer.singleShot(0, window.on_started)
    code = app.exec()
    database.dispose()
    return code

"""Save screenshots of the main window at a given scale (run in its own process).

``QT_SCALE_FACTOR`` must be set before the application starts, so ``test_scaling`` runs this
module as ``python -m tests.ui.scaled_shot OUT_DIR`` with the variable set.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(out_dir: str) -> int:
    """Build the window on the sample programme and save one PNG per main view."""
    from PySide6.QtWidgets import QApplication

    from coordinator.db import open_database
    from coordinator_ui.main_window import MainWindow
    from coordinator_ui.theme import apply_style
    from coordinator_ui.workers import running_tasks
    from tests.ui.programme_data import load_sample_programme

    app = QApplication(sys.argv[:1])
    apply_style(app)
    home = tempfile.mkdtemp()
    os.environ["COORDINATOR_HOME"] = home
    database = open_database(Path(home) / "programme.sqlite3")
    load_sample_programme(database)
    window = MainWindow(database, remember=False)
    window.resize(1280, 800)
    window.show()
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    for key in ("dashboard", "communities", "volunteers"):
        window.show_key(key)
        deadline = time.monotonic() + 30
        while (running_tasks() or not _loaded(window, key)) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        app.processEvents()
        path = Path(out_dir) / f"scaled_{scale}x_{key}.png"
        window.grab().save(str(path))
        print(path, window.grab().size().width(), window.width())
    window.close()
    database.dispose()
    return 0


def _loaded(window, key: str) -> bool:  # type: ignore[no-untyped-def]
    page = window.pages.get(key)
    return bool(getattr(page, "loaded", True)) and getattr(page, "summary", True) is not None


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))

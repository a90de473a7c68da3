"""At 200 % the window is drawn at twice the pixels and still lays out (QT_SCALE_FACTOR=2)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.processes import run_captured
from tests.ui.ui_fixtures import ARTIFACTS

REPO = Path(__file__).resolve().parents[2]


def test_window_at_200_percent() -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "tests.ui.scaled_shot", str(ARTIFACTS)]
    result = run_captured(command, timeout=180, env=env, cwd=REPO)
    assert result.returncode == 0, result.stderr
    for key in ("dashboard", "communities", "volunteers"):
        image = QImage(str(ARTIFACTS / f"scaled_2x_{key}.png"))
        assert image.width() >= 2 * 1000, f"{key}: {image.width()} px wide"

"""At 200 % the window is drawn at twice the pixels and still lays out (QT_SCALE_FACTOR=2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.ui.ui_fixtures import ARTIFACTS

REPO = Path(__file__).resolve().parents[2]


def test_window_at_200_percent() -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.scaled_shot", str(ARTIFACTS)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for key in ("dashboard", "communities", "volunteers"):
        image = QImage(str(ARTIFACTS / f"scaled_2x_{key}.png"))
        assert image.width() >= 2 * 1000, f"{key}: {image.width()} px wide"

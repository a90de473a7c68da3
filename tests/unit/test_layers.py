"""The core never imports Qt or the UI package."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "coordinator"
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "coordinator_ui", "ui")


def test_core_does_not_import_qt_or_ui() -> None:
    offenders = []
    for file in CORE.rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{file.relative_to(CORE.parent)}: {name}")
    # The window is started lazily from cli.main, which is the one allowed bridge.
    assert [o for o in offenders if not o.startswith("coordinator/cli.py")] == []

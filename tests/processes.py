"""Running the program as a process, and reading what it left behind (for the CLI, start-up
and frozen-app tests)."""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
from pathlib import Path

from coordinator.cli import build_parser


def run_captured(
    command: list[str],
    *,
    timeout: float,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """``command`` run to its end with its output captured as text; a failure is returned."""
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd, check=False
    )


def command_names() -> list[str]:
    """The subcommands the parser knows (whatever COMMAND_MODULES lists today)."""
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return sorted(action.choices)
    return []


def alembic_revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]

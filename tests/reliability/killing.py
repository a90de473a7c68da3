"""Running a ``coordinator`` command in its own process and SIGKILLing it at a chosen moment.

The command runs through ``tests.reliability.marked_cli`` (the real ``coordinator.cli.main``
plus transaction markers on a pipe). A kill is aimed either at a delay after the start or at a
delay after a marker (the first write, or the commit), so kills land before, inside and after
the write transaction however fast the machine is; the markers read back afterwards say where
each kill really landed.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.marked_cli import MARKER_FD_ENV

REPO = Path(__file__).resolve().parents[2]
HANG_SECONDS = 120.0


@dataclass(frozen=True)
class Aim:
    """Kill ``delay`` seconds after ``trigger``: "start" (the spawn), "W" or "C" (markers)."""

    trigger: str
    delay: float


@dataclass
class Run:
    """One command run: its markers with their times, and whether a SIGKILL ended it."""

    returncode: int
    marks: str
    times: list[float] = field(default_factory=list)  # seconds after the spawn, per mark
    seconds: float = 0.0
    stderr: str = ""

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL

    def time_of(self, mark: str) -> float:
        """When ``mark`` first appeared (seconds after the spawn)."""
        return self.times[self.marks.index(mark)]

    def phase(self, begins_before_write: int) -> str:
        """Where the run stopped, relative to the write transaction."""
        if not self.killed:
            return "finished"
        if "C" in self.marks:
            return "committed"
        if "W" in self.marks:
            return "writing"
        if self.marks.count("B") >= begins_before_write:
            return "transaction open"
        return "starting"


def run_command(args: list[str], database: Path, home: Path, aim: Aim | None = None) -> Run:
    """Run ``coordinator ARGS --db DATABASE``; SIGKILL it as ``aim`` says (None: let it end)."""
    read_end, write_end = os.pipe()
    env = {
        **os.environ,
        MARKER_FD_ENV: str(write_end),
        "COORDINATOR_HOME": str(home),
        # Two runs of one command must write the same rows for "after" to mean one state.
        "PYTHONHASHSEED": "0",
    }
    err_file = database.with_suffix(".stderr")
    started = time.monotonic()
    with err_file.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.marked_cli", *args, "--db", str(database)],
            cwd=REPO,
            env=env,
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    os.close(write_end)
    marks, times = "", []
    kill_at = started + aim.delay if aim is not None and aim.trigger == "start" else None
    try:
        while True:
            now = time.monotonic()
            if kill_at is not None and now >= kill_at:
                process.kill()
                break
            if now - started > HANG_SECONDS:
                process.kill()
                raise AssertionError(f"coordinator {' '.join(args)} hung ({marks!r})")
            wait = 1.0 if kill_at is None else max(kill_at - now, 0.0)
            ready, _, _ = select.select([read_end], [], [], min(wait, 1.0))
            if not ready:
                continue
            data = os.read(read_end, 64)
            if not data:
                break  # the process closed the pipe: it has ended
            stamp = time.monotonic() - started
            for byte in data.decode():
                marks += byte
                times.append(stamp)
                if aim is not None and kill_at is None and byte == aim.trigger:
                    kill_at = time.monotonic() + aim.delay
        process.wait(timeout=HANG_SECONDS)
        # Whatever the process wrote before it died is still in the pipe.
        while data := os.read(read_end, 64):
            stamp = time.monotonic() - started
            marks += data.decode()
            times.extend([stamp] * len(data))
    finally:
        os.close(read_end)
    return Run(
        returncode=process.returncode,
        marks=marks,
        times=times,
        seconds=time.monotonic() - started,
        stderr=err_file.read_text(encoding="utf-8", errors="replace"),
    )

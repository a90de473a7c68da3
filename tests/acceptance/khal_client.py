"""khal, a real calendar client, driven from the command line with a throwaway configuration."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

KHAL = shutil.which("khal")
_FORMAT = "%Y-%m-%dT%H:%M"

CONFIG = """\
[calendars]
[[coordinator]]
path = {folder}
type = calendar

[sqlite]
path = {database}

[locale]
local_timezone = UTC
default_timezone = UTC
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = {fmt}
longdatetimeformat = {fmt}
firstweekday = 0

[default]
default_calendar = coordinator
"""


class Khal:
    """One khal installation: a calendar folder (vdir), a cache and a config under ``home``."""

    def __init__(self, home: Path) -> None:
        self.home = home
        (home / "calendar").mkdir(parents=True, exist_ok=True)
        self.config = home / "khal.conf"
        self.config.write_text(
            CONFIG.format(folder=home / "calendar", database=home / "khal.db", fmt=_FORMAT),
            encoding="utf-8",
        )

    def _run(self, *args: str) -> str:
        assert KHAL is not None, "khal is not installed"
        env = {
            **os.environ,
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home),
            "XDG_DATA_HOME": str(self.home),
            "TZ": "UTC",
            "LC_ALL": "C.UTF-8",
        }
        done = subprocess.run(
            [KHAL, "--config", str(self.config), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=240,
            check=False,
        )
        assert done.returncode == 0, f"khal {args[0]} failed: {done.stderr}"
        # khal reports events it could not understand on stderr and carries on: not for us.
        problems = [line for line in done.stderr.splitlines() if "warning" in line.lower()]
        assert not problems, "\n".join(problems)
        return done.stdout

    def import_file(self, path: Path) -> None:
        """``khal import --batch``: new UIDs are added, known UIDs updated."""
        self._run("import", "--batch", "-a", "coordinator", str(path))

    def occurrences(
        self, first: datetime, last: datetime
    ) -> tuple[set[tuple[str, datetime, datetime]], set[tuple[str, datetime]]]:
        """(shown, flagged cancelled) occurrences starting in ``[first, last)``, in UTC."""
        out = self._run(
            "list",
            "--format",
            "{start}|{end}|{uid}|{cancelled}",
            "--day-format",
            "",
            (first - timedelta(days=1)).strftime("%Y-%m-%d"),
            (last + timedelta(days=1)).strftime("%Y-%m-%d"),
        )
        shown, cancelled = set(), set()
        for line in out.splitlines():
            if not line.strip():
                continue
            start_text, end_text, uid, flag = line.split("|")
            start = datetime.strptime(start_text, _FORMAT).replace(tzinfo=UTC)
            end = datetime.strptime(end_text, _FORMAT).replace(tzinfo=UTC)
            if not first <= start < last:
                continue
            if flag.strip():
                cancelled.add((uid, start))
            else:
                shown.add((uid, start, end))  # a day-crossing event is listed twice: a set
        return shown, cancelled

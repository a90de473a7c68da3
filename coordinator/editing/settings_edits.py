"""Programme settings edited from the window: validated, audited, undoable."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields

from coordinator import audit
from coordinator.db import Database
from coordinator.editing.records import _summary, _transaction
from coordinator.settings import Settings, load_settings, save_settings


def read_settings(database: Database) -> Settings:
    """The programme settings as stored (merged over the defaults)."""
    with database.reading() as session:
        return load_settings(session)


def update_settings(database: Database, settings: Settings, *, note: str = "") -> Settings:
    """Validate and store the settings, auditing what changed; returns the settings before."""
    settings.validate()
    with _transaction(database) as session:
        before = load_settings(session)
        changes = {
            f.name: [audit._plain(getattr(before, f.name)), audit._plain(getattr(settings, f.name))]
            for f in fields(Settings)
            if getattr(before, f.name) != getattr(settings, f.name)
        }
        if "health" in changes:
            changes["health"] = [repr(before.health), repr(settings.health)]
        save_settings(session, settings)
        if changes:
            audit.record(session, "update", "settings", None, _summary(note, "Settings"), changes)
    return before


_UNITS = {"m": 1, "min": 1, "minute": 1, "h": 60, "hour": 60, "d": 1440, "day": 1440}


def parse_lead_times(text: str) -> tuple[int, ...]:
    """Parse reminder lead times such as ``1 day; 2 h; 15 min`` into minutes, largest first."""
    minutes: set[int] = set()
    for part in re.split(r"[;,]", text):
        chunk = part.strip().lower()
        if not chunk:
            continue
        match = re.fullmatch(r"(\d+)\s*([a-z]*)", chunk)
        unit = (match.group(2).rstrip("s") or "min") if match else ""
        if not match or unit not in _UNITS:
            raise ValueError(f"{part.strip()!r} is not a lead time (e.g. 1 day, 2 h, 15 min)")
        minutes.add(int(match.group(1)) * _UNITS[unit])
    return tuple(sorted(minutes, reverse=True))


def format_lead_times(minutes: Iterable[int]) -> str:
    """The inverse of ``parse_lead_times``: ``1 day; 15 min``."""
    parts = []
    for value in minutes:
        if value and value % 1440 == 0:
            parts.append(f"{value // 1440} day" + ("s" if value // 1440 > 1 else ""))
        elif value and value % 60 == 0:
            parts.append(f"{value // 60} h")
        else:
            parts.append(f"{value} min")
    return "; ".join(parts)

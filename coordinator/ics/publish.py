"""Publishing: one .ics per active volunteer plus ``webinars.ics`` in a folder clients subscribe to.

The folder is typically a shared drive or a synced folder (OneDrive, Dropbox, a web server's
document root). Every file is written to a temporary name and renamed into place, so a
client never reads half a file. A manifest remembers which files we wrote, so that the
calendar of a volunteer who is no longer active is removed without touching anything else
in the folder. Files whose content did not change (apart from DTSTAMP) are left alone, so a
synced folder does not upload hundreds of identical files after every schedule change.
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from coordinator import audit
from coordinator.db import Database
from coordinator.exporting_csv import write_atomically
from coordinator.ics.calendar import ZoneCache, calendar_bytes, default_period
from coordinator.ics.items import CalendarItem
from coordinator.ics.scopes import CalendarScope, ScopeKind, safe_file_stem
from coordinator.ics.sources import load_items
from coordinator.models import Facilitator, Setting
from coordinator.scheduling.occurrence import CHECK_IN
from coordinator.settings import load_settings

log = logging.getLogger(__name__)

# Setting rows (``coordinator.settings`` ignores keys it does not know): the lead's choice
# travels with the database, not with one workstation.
FOLDER_KEY = "calendar_publish_folder"
AUTO_KEY = "calendar_publish_auto"
MANIFEST = ".coordinator-calendars.json"
WEBINARS_FILE = "webinars.ics"
_STAMP = re.compile(rb"^DTSTAMP:[0-9TZ]+\r\n", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class PublishPreferences:
    """Where calendars are published and whether that happens after every schedule change."""

    folder: Path | None
    auto: bool


def publish_preferences(database: Database) -> PublishPreferences:
    """The stored publishing folder and auto-publish switch (nothing stored: neither)."""
    with database.reading() as session:
        folder = session.get(Setting, FOLDER_KEY)
        auto = session.get(Setting, AUTO_KEY)
        text = folder.value if folder is not None and isinstance(folder.value, str) else ""
        return PublishPreferences(Path(text) if text else None, bool(auto and auto.value))


def save_publish_preferences(database: Database, folder: Path | None, auto: bool) -> None:
    """Store the publishing folder and switch (audited like every other change)."""
    if auto and folder is None:
        raise ValueError("choose a folder before turning on automatic publishing")
    wanted = {FOLDER_KEY: str(folder) if folder else "", AUTO_KEY: bool(auto)}
    with database.unit_of_work() as session:
        changes: dict[str, list[object]] = {}
        for key, value in wanted.items():
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value))
                changes[key] = [None, value]
            elif row.value != value:
                changes[key] = [row.value, value]
                row.value = value
        if changes:
            state = "on" if auto else "off"
            summary = f"calendar publishing: folder {folder or 'none'}, after changes {state}"
            audit.record(session, "update", "setting", None, summary, changes)


def publish_if_enabled(database: Database) -> list[Path] | None:
    """Publish when automatic publishing is on (after a schedule change); None when it is off."""
    if database.read_only:
        return None
    preferences = publish_preferences(database)
    if not preferences.auto or preferences.folder is None:
        return None
    return publish_calendars(database, preferences.folder)


def last_published(folder: Path) -> tuple[datetime, int] | None:
    """When we last published into ``folder`` and how many files (from its manifest)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return datetime.fromisoformat(data["published_at"]), len(data["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def volunteer_file_names(volunteers: list[tuple[int, str]]) -> dict[int, str]:
    """``<e-mail with safe characters>.ics`` per volunteer id; clashes get the id appended."""
    names: dict[int, str] = {}
    taken: set[str] = {WEBINARS_FILE}
    for volunteer_id, email in sorted(volunteers):
        name = f"{safe_file_stem(email)}.ics"
        if name in taken:
            name = f"{safe_file_stem(email)}-{volunteer_id}.ics"
        taken.add(name)
        names[volunteer_id] = name
    return names


def _same_apart_from_stamp(path: Path, data: bytes) -> bool:
    try:
        old = path.read_bytes()
    except OSError:
        return False
    return _STAMP.sub(b"", old) == _STAMP.sub(b"", data)


def _read_manifest(folder: Path) -> set[str]:
    try:
        names = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return set()
    # Only plain names inside the folder: a tampered manifest must not delete elsewhere.
    return {n for n in names if isinstance(n, str) and n == Path(n).name and n.endswith(".ics")}


def publish_calendars(
    database: Database,
    folder: Path | str,
    *,
    start: date | None = None,
    end: date | None = None,
    now: datetime | None = None,
) -> list[Path]:
    """Write one calendar per active volunteer and ``webinars.ics``; return every file's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    now = (now or datetime.now(UTC)).astimezone(UTC)
    if start is None:
        start, end = default_period(now.date())
    with database.reading() as session:
        settings = load_settings(session)
        volunteers = session.execute(
            select(Facilitator.id, Facilitator.name, Facilitator.email)
            .where(Facilitator.active.is_(True))
            .order_by(Facilitator.id)
        ).all()
        items = load_items(session, CalendarScope(ScopeKind.PROGRAMME), settings, start, end)
    by_volunteer: dict[int | None, list[CalendarItem]] = defaultdict(list)
    webinars = []
    for item in items:
        if item.kind == CHECK_IN:
            by_volunteer[item.facilitator_id].append(item)
        else:
            webinars.append(item)
    zone_cache: ZoneCache = {}
    rendered: dict[str, str] = {}  # webinar VEVENTs appear in every file: render them once
    files: dict[Path, bytes] = {}
    names = volunteer_file_names([(v.id, v.email) for v in volunteers])
    for volunteer in volunteers:
        scope = CalendarScope(
            ScopeKind.VOLUNTEER, volunteer.id, None, volunteer.name, volunteer.email
        )
        data = calendar_bytes(
            scope,
            by_volunteer.get(volunteer.id, []) + webinars,
            now=now,
            horizon=end,
            zone_cache=zone_cache,
            rendered=rendered,
        )
        files[folder / names[volunteer.id]] = data
    files[folder / WEBINARS_FILE] = calendar_bytes(
        CalendarScope(ScopeKind.WEBINARS),
        webinars,
        now=now,
        horizon=end,
        zone_cache=zone_cache,
        rendered=rendered,
    )
    changed = {path: data for path, data in files.items() if not _same_apart_from_stamp(path, data)}
    current = {path.name for path in files}
    stale = _read_manifest(folder) - current
    manifest = json.dumps({"files": sorted(current), "published_at": now.isoformat()}, indent=1)
    changed[folder / MANIFEST] = (manifest + "\n").encode("utf-8")
    write_atomically(changed)
    for name in sorted(stale):
        _remove(folder / name)
    log.info("published %d calendars to %s (%d changed)", len(files), folder, len(changed) - 1)
    return sorted(files)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:  # a locked file on a shared drive: the next publish retries
        log.warning("could not remove %s: %s", path, exc)

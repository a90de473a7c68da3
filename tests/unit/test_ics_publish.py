"""Publishing: a file per active volunteer plus webinars.ics, atomically, stale ones removed."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import icalendar
import pytest

from coordinator.db import Database
from coordinator.ics.publish import MANIFEST, WEBINARS_FILE, publish_calendars, volunteer_file_names
from coordinator.models import Facilitator
from tests.unit.ics_factory import END, START, odd_zone_programme

NOW = datetime(2026, 8, 20, tzinfo=UTC)


@pytest.fixture
def odd(database: Database):  # type: ignore[no-untyped-def]
    return odd_zone_programme(database)


def test_one_calendar_per_volunteer_and_the_webinars(database, odd, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "shared"
    files = publish_calendars(database, folder, start=START, end=END, now=NOW)
    names = {f.name for f in files}
    assert WEBINARS_FILE in names and len(names) == len(odd.volunteers) + 1
    with database.reading() as s:
        first = s.get(Facilitator, odd.volunteers[0])
        assert first is not None
        mine = folder / f"{first.email.replace('@', '-at-')}.ics"
    calendar = icalendar.Calendar.from_ical(mine.read_bytes())
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert uids == {f"checkin-{odd.series[0]}@coordinator"} | {
        f"webinar-{i}@coordinator" for i in odd.sessions
    }
    assert str(calendar["X-WR-CALNAME"]).endswith(first.name)
    webinars = icalendar.Calendar.from_ical((folder / WEBINARS_FILE).read_bytes())
    assert len(webinars.walk("VEVENT")) == len(odd.sessions)
    assert not [p for p in folder.iterdir() if p.name.startswith(".") and p.name != MANIFEST]


def test_unchanged_files_are_left_alone_and_stale_ones_removed(database, odd, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "shared"
    first = publish_calendars(database, folder, start=START, end=END, now=NOW)
    (folder / "notes.ics").write_text("someone else's file")
    for path in first:
        os.utime(path, (1_000_000, 1_000_000))
    later = datetime(2026, 8, 21, tzinfo=UTC)
    again = publish_calendars(database, folder, start=START, end=END, now=later)
    assert again == first
    assert all(p.stat().st_mtime == 1_000_000 for p in again)  # only DTSTAMP would differ
    with database.unit_of_work() as s:
        gone = s.get(Facilitator, odd.volunteers[2])
        assert gone is not None
        gone.active = False
    third = publish_calendars(database, folder, start=START, end=END, now=later)
    assert len(third) == len(first) - 1
    assert set(first) - set(third) == {p for p in first if not p.exists()}
    assert (folder / "notes.ics").exists()  # never ours: never removed
    manifest = json.loads((folder / MANIFEST).read_text())
    assert sorted(manifest["files"]) == sorted(p.name for p in third)


def test_a_tampered_manifest_cannot_delete_elsewhere(database, odd, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "shared"
    folder.mkdir()
    outside = tmp_path / "precious.ics"
    outside.write_text("keep")
    (folder / MANIFEST).write_text(json.dumps({"files": ["../precious.ics", "x.txt"]}))
    publish_calendars(database, folder, start=START, end=END, now=NOW)
    assert outside.read_text() == "keep"


def test_file_names_are_safe_and_unique() -> None:
    names = volunteer_file_names(
        [(1, "ana.lópez+cop@example.org"), (2, "ana.l_pez_cop@example.org"), (3, "webinars")]
    )
    assert names[1] == "ana.l_pez_cop-at-example.org.ics"
    assert names[2] == "ana.l_pez_cop-at-example.org-2.ics"
    assert names[3] == "webinars-3.ics"  # never the webinar programme's own file
    assert all(
        n.replace("-", "").replace("_", "").replace(".", "").isalnum() for n in names.values()
    )

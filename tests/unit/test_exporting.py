"""Exporting: the JSON schema of DESIGN.md, CSV files a spreadsheet opens safely, atomic writes."""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from coordinator import exporting_csv
from coordinator.db import Database
from coordinator.domain import AssignmentStatus, CommunityKind, Weekdays
from coordinator.exporting import build_export, export, export_events
from coordinator.exporting_csv import guard_cell, write_atomically
from coordinator.importing import run_import
from coordinator.models import CheckInSeries, Community, Facilitator
from coordinator.scheduling import build_schedule, cancel_check_in
from coordinator.scheduling.events import events_between
from tests.unit.scheduling_factory import activity, assign

START, END = date(2026, 4, 1), date(2026, 6, 30)


@pytest.fixture
def programme(database: Database) -> Database:
    """Two communities (one busy, one never measured), a volunteer and two assignments."""
    with database.unit_of_work() as session:
        busy = Community(
            name='=HYPERLINK("http://evil","Lean")',
            kind=CommunityKind.EXTERNAL,
            host_name="+Hana O'Brien",
            host_email="hana@example.com",
            time_zone="Asia/Kathmandu",
            language="Nepali",
            topics=["lean", "data"],
            members=100,
            created_on=date(2009, 3, 20),
            showcase=True,
            help_requested_on=date(2026, 3, 2),
            notes="SECRET: host is leaving",
        )
        quiet = Community(name="Quiet Community", time_zone="Pacific/Chatham", members=40)
        noa = Facilitator(
            name="Noa Shapiro",
            email="noa@example.org",
            time_zone="Asia/Jerusalem",
            work_start=time(8, 0),
            work_end=time(16, 30),
            work_days=Weekdays.parse("Sun-Thu"),
            capacity=8,
            languages=["Hebrew", "English"],
            skills=["@mentoring"],
            available_from=date(2026, 1, 1),
            notes="SECRET: part time",
        )
        session.add_all([busy, quiet, noa])
        session.flush()
        activity(session, busy.id, (1, 2, 3), active_members=30, posts=12, replies=20)
        reason = "speaks Nepali; overlapping hours"
        assign(session, noa, busy, date(2026, 1, 5), date(2026, 7, 5), pinned=True, reason=reason)
        assign(session, noa, quiet, date(2025, 1, 5), date(2025, 7, 5), AssignmentStatus.GRADUATED)
    return database


def test_json_follows_the_design_schema(programme: Database) -> None:
    now = datetime(2026, 3, 15, 9, 30, 5, 123, tzinfo=UTC)
    with programme.reading() as session:
        document = build_export(session, START, END, now=now)
    assert list(document) == [
        "schema_version",
        "generated_at",
        "period",
        "communities",
        "facilitators",
        "assignments",
        "events",
    ]
    assert document["schema_version"] == 1
    assert document["generated_at"] == "2026-03-15T09:30:05+00:00"
    assert document["period"] == {"from": "2026-04-01", "until": "2026-06-30"}
    busy, quiet = document["communities"]
    assert busy == {
        "id": busy["id"],
        "name": '=HYPERLINK("http://evil","Lean")',
        "kind": "external",
        "host_name": "+Hana O'Brien",
        "host_email": "hana@example.com",
        "time_zone": "Asia/Kathmandu",
        "language": "Nepali",
        "topics": ["lean", "data"],
        "members": 100,
        "created_on": "2009-03-20",
        "showcase": True,
        "help_requested": "2026-03-02",
        "health": "really active",  # 30 of 100 members active each month
        "active": True,
    }
    assert (quiet["health"], quiet["help_requested"], quiet["kind"]) == (
        "unknown",
        None,
        "business unit",
    )
    (noa,) = document["facilitators"]
    assert noa == {
        "id": noa["id"],
        "name": "Noa Shapiro",
        "email": "noa@example.org",
        "time_zone": "Asia/Jerusalem",
        "work_start": "08:00",
        "work_end": "16:30",
        "work_days": "Sun-Thu",
        "capacity": 8,
        "languages": ["Hebrew", "English"],
        "skills": ["@mentoring"],
        "available_from": "2026-01-01",
        "available_until": None,
        "active": True,
    }
    current, past = document["assignments"]
    assert current == {
        "id": current["id"],
        "facilitator_id": noa["id"],
        "community_id": busy["id"],
        "starts_on": "2026-01-05",
        "ends_on": "2026-07-05",
        "status": "active",
        "pinned": True,
        "reason": "speaks Nepali; overlapping hours",
    }
    assert past["status"] == "graduated"
    assert document["events"] == []


def test_health_band_uses_the_thresholds_in_settings(programme: Database) -> None:
    from coordinator.settings import HealthThresholds, Settings, save_settings

    with programme.unit_of_work() as session:
        save_settings(session, Settings(health=HealthThresholds(0.0, 0.35, 0.5)))
    with programme.reading() as session:
        document = build_export(session, START, END)
    assert document["communities"][0]["health"] == "quiet"


def test_json_file_has_no_private_notes(programme: Database, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "programme.json"
    result = export(programme, "json", out, START, END)
    text = out.read_text(encoding="utf-8")
    assert "SECRET" not in text and "notes" not in text
    assert json.loads(text)["communities"][0]["time_zone"] == "Asia/Kathmandu"
    assert result.files == [out]
    assert (result.communities, result.facilitators, result.assignments) == (2, 1, 2)
    assert oct(out.stat().st_mode & 0o777) == "0o644"


def test_events_are_the_scheduled_occurrences_with_the_ics_uids(programme: Database) -> None:
    with programme.unit_of_work() as session:
        report = build_schedule(session, start=date(2026, 1, 5), months=6)
    assert report is not None
    with programme.reading() as session:
        expected = events_between(
            session,
            datetime(2026, 4, 1, tzinfo=UTC),
            datetime(2026, 7, 1, tzinfo=UTC),
        )
        series_id = session.scalars(select(CheckInSeries.id)).one()
        first = expected[0]
        cancel_check_in(session, series_id, first.original_start, notes="host on leave")
        session.commit()
    with programme.reading() as session:
        events = export_events(session, START, END)
    assert len(events) == len(expected) > 10
    assert {e["uid"] for e in events} == {f"checkin-{series_id}@coordinator"}
    assert events[0]["status"] == "cancelled"
    assert {e["status"] for e in events[1:]} == {"scheduled"}
    # Times carry the offset of the series' zone (the volunteer's: Jerusalem, +02/+03).
    assert events[0]["time_zone"] == "Asia/Jerusalem"
    assert {e["start"][-6:] for e in events} <= {"+02:00", "+03:00"}
    assert datetime.fromisoformat(events[0]["start"]) == first.start


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_csv_files_for_people(programme: Database, tmp_path: Path) -> None:
    out = tmp_path / "programme.csv"
    result = export(programme, "csv", out, START, END)
    assert result.files == [
        out,
        tmp_path / "programme-facilitators.csv",
        tmp_path / "programme-assignments.csv",
        tmp_path / "programme-events.csv",
    ]
    communities = read_csv(out)
    assert [c["name"] for c in communities] == [
        '\'=HYPERLINK("http://evil","Lean")',  # guarded: a spreadsheet shows it as text
        "Quiet Community",
    ]
    busy = communities[0]
    assert busy["host_name"] == "'+Hana O'Brien"
    assert busy["facilitator"] == "Noa Shapiro"
    assert busy["facilitator_email"] == "noa@example.org"
    assert busy["assigned_until"] == "2026-07-05"
    assert busy["health"] == "really active"
    assert (busy["topics"], busy["showcase"], busy["help_requested"]) == (
        "lean;data",
        "yes",
        "2026-03-02",
    )
    assert communities[1]["facilitator"] == ""  # its assignment graduated
    assert "SECRET" not in out.read_text(encoding="utf-8-sig")
    (noa,) = read_csv(result.files[1])
    assert (noa["skills"], noa["work_days"], noa["caseload"]) == ("'@mentoring", "Sun-Thu", "1")
    assignments = read_csv(result.files[2])
    assert [a["status"] for a in assignments] == ["active", "graduated"]
    assert assignments[1]["community"] == "Quiet Community"
    with result.files[3].open(encoding="utf-8-sig") as file:
        assert (
            file.read().strip()
            == "uid,kind,title,start,end,time_zone,facilitator_ids,community_id,status"
        )


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Lean = good", "Lean = good"),
        (-2, "-2"),  # a number is a number, not a formula
        (["=a", "b"], "'=a;b"),
        (True, "yes"),
        (None, ""),
    ],
)
def test_guard_cell(value: object, cell: str) -> None:
    assert guard_cell(value) == cell


def test_csv_export_imports_back_unchanged(
    database: Database, samples: Path, tmp_path: Path
) -> None:
    for kind in ("communities", "facilitators", "activity"):
        run_import(database, samples / f"{kind}.csv")
    with database.unit_of_work() as session:
        community = session.scalars(select(Community).order_by(Community.id)).first()
        assert community is not None
        community.name = "=Formula Looking Community"
    export(database, "csv", tmp_path / "p.csv", START, END)
    communities = run_import(database, tmp_path / "p.csv")
    volunteers = run_import(database, tmp_path / "p-facilitators.csv")
    assert (communities.unchanged, communities.added, communities.updated) == (56, 0, 0)
    assert (volunteers.unchanged, volunteers.added) == (6, 0)


def test_a_failed_write_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "b.csv").write_text("old contents")
    real_fsync = os.fsync
    calls = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(exporting_csv.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        write_atomically({tmp_path / "a.csv": b"new a", tmp_path / "b.csv": b"new b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.csv"]
    assert (tmp_path / "b.csv").read_text() == "old contents"


def test_a_period_that_ends_before_it_starts_is_refused(
    programme: Database, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="ends"):
        export(programme, "json", tmp_path / "x.json", END, START)
    assert not (tmp_path / "x.json").exists()

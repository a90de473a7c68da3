"""Exporting the programme as JSON (scripts, backups, checks) or CSV (spreadsheets).

JSON follows DESIGN.md: communities (with health band, without private notes), facilitators,
assignments and the events between two dates. CSV is for people: ``FILE.csv`` holds the
communities with their current volunteer and health band (the columns come first in the
order ``coordinator import`` reads, so it can be edited and imported back), and next to it
``FILE-facilitators.csv``, ``FILE-assignments.csv`` and ``FILE-events.csv``. Every file is
written to a temporary file first and moved into place, so a failure leaves no partial file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator.db import Database
from coordinator.exporting_csv import write_atomically, write_csv_files
from coordinator.health import MonthActivity, current_band
from coordinator.models import ActivitySnapshot, Assignment, Community, Facilitator
from coordinator.scheduling.events import events_between
from coordinator.settings import load_settings

SCHEMA_VERSION = 1


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    files: list[Path]
    communities: int
    facilitators: int
    assignments: int
    events: int

    def __str__(self) -> str:
        names = ", ".join(str(f) for f in self.files)
        return (
            f"Exported {self.communities} communities, {self.facilitators} volunteers, "
            f"{self.assignments} assignments and {self.events} events to {names}"
        )


def export_events(session: Session, start: date, end: date) -> list[dict[str, Any]]:
    """Check-in and webinar occurrences from ``start`` to ``end`` (inclusive) as JSON values.

    Keys as in DESIGN.md: uid (the same UID as the .ics export), kind, start and end (ISO 8601
    with the offset of the event's own zone), time_zone, facilitator_ids, community_id, status;
    plus recurrence_id (the rule's instant, as the .ics RECURRENCE-ID), title, notes, outcome.
    """
    first = datetime.combine(start, time(0), UTC)
    last = datetime.combine(end + timedelta(days=1), time(0), UTC)
    records = []
    for event in events_between(session, first, last):
        zone = ZoneInfo(event.time_zone)
        records.append(
            {
                "uid": event.uid,
                "kind": event.kind,
                "title": event.title,
                "start": event.start.astimezone(zone).isoformat(),
                "end": event.end.astimezone(zone).isoformat(),
                "time_zone": event.time_zone,
                "recurrence_id": event.original_start.isoformat(),
                "facilitator_ids": list(event.facilitator_ids),
                "community_id": event.community_id,
                "status": event.status.value,
                "notes": event.notes,
                "outcome": event.outcome,
            }
        )
    return records


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def community_records(session: Session) -> list[dict[str, Any]]:
    """Every community as JSON-ready values, with its health band (never its private notes)."""
    thresholds = load_settings(session).health
    months: dict[int, list[MonthActivity]] = defaultdict(list)
    snapshots = select(
        ActivitySnapshot.community_id,
        ActivitySnapshot.month,
        ActivitySnapshot.active_members,
        ActivitySnapshot.posts,
        ActivitySnapshot.replies,
    )
    for community_id, month, active, posts, replies in session.execute(snapshots):
        months[community_id].append(MonthActivity(month, active, posts, replies))
    records = []
    for c in session.scalars(select(Community).order_by(Community.id)):
        records.append(
            {
                "id": c.id,
                "name": c.name,
                "kind": c.kind.value,
                "host_name": c.host_name,
                "host_email": c.host_email,
                "time_zone": c.time_zone,
                "language": c.language,
                "topics": list(c.topics),
                "members": c.members,
                "created_on": _iso(c.created_on),
                "showcase": c.showcase,
                "help_requested": _iso(c.help_requested_on),
                "health": current_band(months.get(c.id, []), c.members, thresholds).value,
                "active": c.active,
            }
        )
    return records


def facilitator_records(session: Session) -> list[dict[str, Any]]:
    """Every volunteer as JSON-ready values (never their private notes)."""
    return [
        {
            "id": f.id,
            "name": f.name,
            "email": f.email,
            "time_zone": f.time_zone,
            "work_start": _clock(f.work_start),
            "work_end": _clock(f.work_end),
            "work_days": f.work_days.to_text(),
            "capacity": f.capacity,
            "languages": list(f.languages),
            "skills": list(f.skills),
            "available_from": _iso(f.available_from),
            "available_until": _iso(f.available_until),
            "active": f.active,
        }
        for f in session.scalars(select(Facilitator).order_by(Facilitator.id))
    ]


def assignment_records(session: Session) -> list[dict[str, Any]]:
    """Every caseload entry (past and present) as JSON-ready values."""
    return [
        {
            "id": a.id,
            "facilitator_id": a.facilitator_id,
            "community_id": a.community_id,
            "starts_on": a.starts_on.isoformat(),
            "ends_on": a.ends_on.isoformat(),
            "status": a.status.value,
            "pinned": a.pinned,
            "reason": a.reason,
        }
        for a in session.scalars(select(Assignment).order_by(Assignment.id))
    ]


def build_export(
    session: Session, start: date, end: date, *, now: datetime | None = None
) -> dict[str, Any]:
    """The whole JSON document of DESIGN.md for events from ``start`` to ``end``."""
    generated = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated.isoformat(),
        "period": {"from": start.isoformat(), "until": end.isoformat()},
        "communities": community_records(session),
        "facilitators": facilitator_records(session),
        "assignments": assignment_records(session),
        "events": export_events(session, start, end),
    }


def export(
    database: Database, fmt: ExportFormat | str, out: Path, start: date, end: date
) -> ExportResult:
    """Write the JSON document, or the CSV files, for ``database`` to ``out``."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    with database.reading() as session:
        document = build_export(session, start, end)
    counts = {
        "communities": len(document["communities"]),
        "facilitators": len(document["facilitators"]),
        "assignments": len(document["assignments"]),
        "events": len(document["events"]),
    }
    if fmt == ExportFormat.JSON:
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        write_atomically({Path(out): text.encode("utf-8")})
        return ExportResult([Path(out)], **counts)
    if fmt == ExportFormat.CSV:
        files = write_csv_files(document, Path(out))
        return ExportResult(files, **counts)
    raise ValueError(f"unknown export format {fmt!r} (expected json or csv)")

"""Demo programmes: the bundled sample (56 communities, 6 volunteers) or a synthetic one.

The demo only fills an empty database: with communities or volunteers already there it is
refused, unless ``replace`` is asked for, which deletes the communities, volunteers and
everything hanging off them (assignments, check-ins, activity, attendance) first, in the
same transaction. Either way the whole demo is one transaction: all of it or nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from time import perf_counter
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from coordinator import audit
from coordinator.db import Database
from coordinator.demo_synthetic import add_months, synthesize
from coordinator.import_files import RawTable, read_table
from coordinator.importing import ImportKind, import_table
from coordinator.models import (
    ActivitySnapshot,
    Assignment,
    Attendance,
    Base,
    CheckInOccurrence,
    CheckInSeries,
    Community,
    Facilitator,
)
from coordinator.paths import resource_path

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
CHUNK = 1000
_SAMPLE_ORDER = (ImportKind.COMMUNITIES, ImportKind.FACILITATORS, ImportKind.ACTIVITY)
_DATE_COLUMNS = {
    ImportKind.COMMUNITIES: ("created_on", "help_requested"),
    ImportKind.FACILITATORS: ("available_from", "available_until"),
    ImportKind.ACTIVITY: ("month",),
}


class DemoRefused(Exception):
    """The database already holds a programme; the message says what to do instead."""


@dataclass(frozen=True)
class DemoSummary:
    """What a demo created and how long it took."""

    communities: int
    facilitators: int
    activity_months: int
    seconds: float = 0.0
    note: str = ""

    def __str__(self) -> str:
        text = (
            f"Created {self.communities} communities, {self.facilitators} volunteers and "
            f"{self.activity_months} months of activity in {self.seconds:.2f} s"
        )
        return f"{text} ({self.note})" if self.note else text


def load_sample(
    database: Database,
    *,
    shift_to_today: bool = True,
    replace_existing: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Load the bundled sample through the importer, its dates moved to now unless told not."""
    started = perf_counter()
    today = today or date.today()
    tables = {kind: read_table(resource_path("samples", f"{kind}.csv")) for kind in _SAMPLE_ORDER}
    months = sample_shift(tables[ImportKind.ACTIVITY], today) if shift_to_today else 0
    if months:
        tables = {kind: _shifted(table, kind, months, today) for kind, table in tables.items()}
    total = sum(len(t.rows) for t in tables.values())
    counts: dict[ImportKind, int] = {}
    with database.unit_of_work() as session:
        _make_room(session, database, replace_existing)
        done = 0
        for kind in _SAMPLE_ORDER:
            step = _offset(progress, done, total)
            summary = import_table(
                session, tables[kind], kind, progress=step, today=today, record_audit=False
            )
            counts[kind] = summary.rows
            done += summary.rows
        note = f"dates moved forward {months} months" if months else "dates as recorded"
        result = DemoSummary(
            counts[ImportKind.COMMUNITIES],
            counts[ImportKind.FACILITATORS],
            counts[ImportKind.ACTIVITY],
            note=note,
        )
        audit.record(session, "demo", "programme", None, f"Sample programme: {result}")
    return replace(result, seconds=perf_counter() - started)


def generate(
    database: Database,
    communities: int,
    facilitators: int,
    seed: int = 1,
    progress: Progress | None = None,
    *,
    replace_existing: bool = False,
    today: date | None = None,
) -> DemoSummary:
    """Create a synthetic programme of the given size; the same seed gives the same data."""
    if communities < 0 or facilitators < 0:
        raise ValueError("the numbers of communities and volunteers cannot be negative")
    started = perf_counter()
    programme = synthesize(communities, facilitators, seed, today or date.today())
    total = communities + facilitators + len(programme.activity)
    with database.unit_of_work() as session:
        _make_room(session, database, replace_existing)
        done = _insert(session, Community, programme.communities, progress, 0, total)
        names = [row["name"] for row in programme.communities]
        ids = {name: id_ for name, id_ in session.execute(select(Community.name, Community.id))}
        activity = [{"community_id": ids[names[index]], **row} for index, row in programme.activity]
        done = _insert(session, ActivitySnapshot, activity, progress, done, total)
        _insert(session, Facilitator, programme.facilitators, progress, done, total)
        result = DemoSummary(communities, facilitators, len(activity), note=f"seed {seed}")
        audit.record(session, "demo", "programme", None, f"Synthetic programme: {result}")
    return replace(result, seconds=perf_counter() - started)


def sample_shift(activity: RawTable, today: date) -> int:
    """Whole months that put the sample's last activity month just before ``today``'s month."""
    months = [_month_index(row.cells.get("month", "")) for row in activity.rows]
    known = [m for m in months if m is not None]
    if not known:
        return 0
    return (today.year * 12 + today.month - 1) - 1 - max(known)


def _month_index(text: str) -> int | None:
    match = re.match(r"(\d{4})-(\d{2})", text)
    return int(match.group(1)) * 12 + int(match.group(2)) - 1 if match else None


def _shifted(table: RawTable, kind: ImportKind, months: int, today: date) -> RawTable:
    rows = []
    for row in table.rows:
        cells = dict(row.cells)
        for column in _DATE_COLUMNS[kind]:
            cells[column] = _shift_text(cells.get(column, ""), months, column, today)
        rows.append(replace(row, cells=cells))
    return replace(table, rows=rows)


def _shift_text(text: str, months: int, column: str, today: date) -> str:
    if re.fullmatch(r"\d{4}-\d{2}", text):
        moved = add_months(date.fromisoformat(f"{text}-01"), months)
        return moved.strftime("%Y-%m")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        moved = add_months(date.fromisoformat(text), months)
        if column == "created_on":
            # The sample has communities "created" after its last month; keep them in the past.
            moved = min(moved, today)
        return moved.isoformat()
    return text


def _offset(progress: Progress | None, done: int, total: int) -> Progress | None:
    """A progress callback for one step of several: its (done, of) counted after ``done``."""
    if progress is None:
        return None
    return lambda step_done, _step_total: progress(done + step_done, total)


def _insert(
    session: Session,
    model: type[Base],
    rows: Sequence[dict[str, Any]],
    progress: Progress | None,
    done: int,
    total: int,
) -> int:
    statement = insert(model).execution_options(render_nulls=True)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        session.execute(statement, list(chunk))
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    return done


def _make_room(session: Session, database: Database, replace_existing: bool) -> None:
    """Refuse a database that already holds a programme, or empty it when asked to."""
    communities = session.scalar(select(func.count()).select_from(Community)) or 0
    volunteers = session.scalar(select(func.count()).select_from(Facilitator)) or 0
    if not communities and not volunteers:
        return
    if not replace_existing:
        raise DemoRefused(
            f"{database.display_name} already holds {communities} communities and "
            f"{volunteers} volunteers; the demo only fills an empty database. Use another "
            "--db file, or --replace to delete them (and their caseloads) first."
        )
    # Children first, so this works whether or not the backend enforces ON DELETE CASCADE.
    for model in (
        Attendance,
        CheckInOccurrence,
        CheckInSeries,
        Assignment,
        ActivitySnapshot,
        Community,
        Facilitator,
    ):
        session.execute(delete(model))
    log.info("demo: replaced %d communities and %d volunteers", communities, volunteers)

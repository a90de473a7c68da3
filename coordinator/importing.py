"""Importing communities, volunteers and monthly activity from CSV or XLSX files.

A file is checked whole before anything is written: any bad row refuses the import and every
bad row and field is named. Re-importing updates matching rows (volunteers by e-mail,
communities by name, activity by community and month) instead of adding duplicates.

The import wizard uses ``preview_import`` (reads and checks, writes nothing) and
``run_import`` (one transaction, ``progress(done, total)`` as rows are written).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from coordinator import audit
from coordinator.db import Database
from coordinator.import_apply import MODELS, Plan, apply_plan, plan_import
from coordinator.import_files import RawTable, read_table
from coordinator.import_rows import defaults_for, parse_rows
from coordinator.import_schema import (
    ImportKind,
    ImportRefused,
    RowProblem,
    detect_kind,
    missing_columns,
    unknown_columns,
)
from coordinator.settings import load_settings

__all__ = [
    "ImportKind",
    "ImportPreview",
    "ImportRefused",
    "ImportSummary",
    "RowProblem",
    "import_table",
    "preview_import",
    "run_import",
]

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass
class ImportPreview:
    """What importing a file would do, row by row, without writing anything."""

    kind: ImportKind
    path: Path
    columns: list[str]
    rows: list[dict[str, str]]  # raw cell text per non-blank row, keyed by normalised header
    problems: list[RowProblem]
    warnings: list[str]
    rows_status: list[str] = field(default_factory=list)  # new / update / unchanged / error
    row_numbers: list[int] = field(default_factory=list)  # spreadsheet row of each entry

    def ok(self) -> bool:
        """True when the file can be imported as it is."""
        return not self.problems

    def count(self, status: str) -> int:
        """How many rows have ``status`` ("new", "update", "unchanged" or "error")."""
        return self.rows_status.count(status)


@dataclass(frozen=True)
class ImportSummary:
    """What an import did."""

    kind: ImportKind
    added: int
    updated: int
    unchanged: int
    warnings: list[str]
    source: str = ""

    @property
    def rows(self) -> int:
        """Rows read from the file."""
        return self.added + self.updated + self.unchanged

    def __str__(self) -> str:
        origin = f" from {self.source}" if self.source else ""
        return (
            f"Imported {self.rows} {self.kind.noun}{origin}: {self.added} added, "
            f"{self.updated} updated, {self.unchanged} unchanged"
        )


@dataclass
class _Checked:
    kind: ImportKind
    problems: list[RowProblem]
    warnings: list[str]
    plan: Plan


def _check(session: Session, table: RawTable, kind: ImportKind | None, today: date) -> _Checked:
    """Read, parse and plan: everything short of writing."""
    if kind is None:
        try:
            kind = detect_kind(table.columns)
        except ImportRefused as exc:
            raise ImportRefused(exc.problems, source=table.source.name) from None
    warnings = [*table.warnings, *unknown_columns(kind, table.columns)]
    missing = missing_columns(kind, table.columns)
    if missing:
        return _Checked(kind, missing, warnings, Plan(kind))
    defaults = defaults_for(kind, load_settings(session))
    records, problems = parse_rows(kind, table, defaults)
    plan = plan_import(session, kind, [r for r in records if r is not None], defaults, today)
    problems = sorted([*problems, *plan.problems], key=lambda p: p.row)
    return _Checked(kind, problems, warnings, plan)


def preview_import(
    database: Database,
    path: Path,
    kind: ImportKind | None = None,
    *,
    today: date | None = None,
) -> ImportPreview:
    """Read and check ``path`` against the database; writes nothing.

    Bad rows are listed in ``problems``; a file that cannot be read at all (missing, not CSV
    or XLSX, empty, not UTF-8, of no recognisable kind) raises ``ImportRefused`` instead.
    """
    table = read_table(Path(path))
    with database.reading() as session:
        checked = _check(session, table, kind, today or date.today())
    bad_rows = {p.row for p in checked.problems}
    statuses = [
        "error"
        if row.number in bad_rows or row.number not in checked.plan.statuses
        else checked.plan.statuses[row.number]
        for row in table.rows
    ]
    return ImportPreview(
        kind=checked.kind,
        path=Path(path),
        columns=list(table.columns),
        rows=[dict(row.cells) for row in table.rows],
        problems=checked.problems,
        warnings=checked.warnings,
        rows_status=statuses,
        row_numbers=[row.number for row in table.rows],
    )


def run_import(
    database: Database,
    path: Path,
    kind: ImportKind | None = None,
    progress: Progress | None = None,
    *,
    today: date | None = None,
) -> ImportSummary:
    """Import ``path`` in one transaction; ``ImportRefused`` (nothing written) if any row is bad."""
    table = read_table(Path(path))
    with database.unit_of_work() as session:
        summary = import_table(session, table, kind, progress=progress, today=today)
    log.info("%s", summary)
    return summary


def import_table(
    session: Session,
    table: RawTable,
    kind: ImportKind | None = None,
    *,
    progress: Progress | None = None,
    today: date | None = None,
    record_audit: bool = True,
) -> ImportSummary:
    """Import an already-read table inside the caller's transaction (used by the demo too)."""
    checked = _check(session, table, kind, today or date.today())
    if checked.problems:
        raise ImportRefused(checked.problems, source=table.source.name)
    plan = checked.plan
    apply_plan(session, plan, progress)
    summary = ImportSummary(
        kind=checked.kind,
        added=len(plan.inserts),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        warnings=checked.warnings,
        source=table.source.name,
    )
    if record_audit:
        changes = dict(plan.changes)
        if plan.changes_left_out:
            changes["(not listed)"] = [None, f"{plan.changes_left_out} more changed fields"]
        audit.record(
            session,
            "import",
            MODELS[checked.kind].__tablename__,
            None,
            str(summary),
            changes,
        )
    return summary

"""Matching parsed rows against the database and writing them in bulk.

Existing rows are loaded in one query per table and compared in memory, so a file of
thousands of rows needs no query per row. New rows are bulk-inserted; changed rows are
bulk-updated by primary key, with the version check that guards against concurrent edits.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from enum import Enum
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from coordinator.domain import Weekdays
from coordinator.import_rows import HELP_YES, Record, cross_field_problems
from coordinator.import_schema import COLUMNS, ImportKind, RowProblem
from coordinator.models import ActivitySnapshot, Base, Community, Facilitator

CHUNK = 500
MAX_AUDIT_CHANGES = 500

MODELS: dict[ImportKind, type[Base]] = {
    ImportKind.COMMUNITIES: Community,
    ImportKind.FACILITATORS: Facilitator,
    ImportKind.ACTIVITY: ActivitySnapshot,
}
# Model attribute per file column: the same name except where the model stores more.
_RENAMED = {"help_requested": "help_requested_on", "community": "community_id"}
_ATTRIBUTES: dict[ImportKind, tuple[str, ...]] = {
    kind: tuple(_RENAMED.get(column, column) for column in columns)
    for kind, columns in COLUMNS.items()
}


@dataclass
class _Existing:
    id: int
    version: int | None
    values: dict[str, Any]


@dataclass
class Plan:
    """What an import would do: a status per row, the rows to insert and the updates."""

    kind: ImportKind
    statuses: dict[int, str] = field(default_factory=dict)  # row number -> new/update/unchanged
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    changes: dict[str, list[Any]] = field(
        default_factory=dict
    )  # audit: "label: attr" -> [old, new]
    changes_left_out: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def plan_import(
    session: Session,
    kind: ImportKind,
    records: Sequence[Record],
    defaults: dict[str, Any],
    today: date,
) -> Plan:
    """Compare ``records`` with the database (one query per table); writes nothing."""
    plan = Plan(kind)
    community_ids: dict[str, int] = {}
    if kind is ImportKind.ACTIVITY:
        community_ids = {
            name.casefold(): id_
            for id_, name in session.execute(select(Community.id, Community.name))
        }
    existing = _load_existing(session, kind, records)
    for record in records:
        values = dict(record.values)
        key: Hashable = record.key
        if kind is ImportKind.ACTIVITY:
            community_id = community_ids.get(record.name.casefold())
            if community_id is None:
                plan.problems.append(
                    RowProblem(
                        record.number,
                        "community",
                        f"unknown community {record.name!r}: it is not in the database"
                        " (import the communities first, or check the spelling)",
                    )
                )
                continue
            values["community_id"] = community_id
            key = (community_id, values["month"])
        current = existing.get(key)
        base = current.values if current is not None else defaults
        merged = {**base, **values}
        if merged.get("help_requested_on") is HELP_YES:
            stored = current.values.get("help_requested_on") if current is not None else None
            merged["help_requested_on"] = stored or today
        problems = cross_field_problems(record.number, record.values, merged)
        if problems:
            plan.problems.extend(problems)
            continue
        if current is None:
            plan.statuses[record.number] = "new"
            plan.inserts.append(merged)
            continue
        changed = {a for a in values if merged[a] != current.values[a]}
        if not changed:
            plan.statuses[record.number] = "unchanged"
            plan.unchanged += 1
            continue
        plan.statuses[record.number] = "update"
        row: dict[str, Any] = {"id": current.id, **{a: merged[a] for a in changed}}
        if current.version is not None:
            row["version"] = current.version
        plan.updates.append(row)
        for attribute in sorted(changed):
            if len(plan.changes) >= MAX_AUDIT_CHANGES:
                plan.changes_left_out += 1
                continue
            old, new = current.values[attribute], merged[attribute]
            plan.changes[f"{record.label}: {attribute}"] = [_plain(old), _plain(new)]
    return plan


def apply_plan(
    session: Session, plan: Plan, progress: Callable[[int, int], None] | None = None
) -> None:
    """Write the plan's inserts and updates in chunks, reporting ``progress(done, total)``."""
    model = MODELS[plan.kind]
    total = plan.unchanged + len(plan.inserts) + len(plan.updates)
    done = plan.unchanged
    if progress is not None:
        progress(done, total)
    # render_nulls keeps one column list for all rows, so they go out in a few batches.
    inserting = insert(model).execution_options(render_nulls=True)
    for statement, rows in ((inserting, plan.inserts), (update(model), plan.updates)):
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            session.execute(statement, chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)


def _load_existing(
    session: Session, kind: ImportKind, records: Sequence[Record]
) -> dict[Hashable, _Existing]:
    model = MODELS[kind]
    attributes = _ATTRIBUTES[kind]
    versioned = kind is not ImportKind.ACTIVITY
    columns = [model.id, *(getattr(model, a) for a in attributes)]  # type: ignore[attr-defined]
    if versioned:
        columns.append(model.version)  # type: ignore[attr-defined]
    query = select(*columns)
    if kind is ImportKind.ACTIVITY:
        months = {r.values["month"] for r in records}
        query = query.where(ActivitySnapshot.month.in_(months))
    result: dict[Hashable, _Existing] = {}
    for row in session.execute(query):
        values = dict(zip(attributes, row[1 : len(attributes) + 1], strict=True))
        if kind is ImportKind.ACTIVITY:
            key: Hashable = (values["community_id"], values["month"])
        elif kind is ImportKind.COMMUNITIES:
            key = values["name"].casefold()
        else:
            key = values["email"].casefold()
        result[key] = _Existing(row[0], row[-1] if versioned else None, values)
    return result


def _plain(value: Any) -> Any:
    """A JSON-friendly rendering of a value for the audit log."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Weekdays):
        return value.to_text()
    return value

"""The audit log: every change made through the app lands here as old → new."""

from __future__ import annotations

import getpass
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from coordinator.domain import Weekdays
from coordinator.models import AuditEntry, Base


def _plain(value: Any) -> Any:
    """A JSON-friendly rendering of a column value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Weekdays):
        return value.to_text()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def current_actor() -> str:
    """Who is making the change (the operating-system user)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def changes_of(obj: Base) -> dict[str, list[Any]]:
    """Pending column changes of a persistent object as ``{field: [old, new]}``."""
    state = inspect(obj)
    result: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key == "version":
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if _plain(old) != _plain(new):
                result[attr.key] = [_plain(old), _plain(new)]
    return result


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    changes: dict[str, list[Any]] | None = None,
) -> AuditEntry:
    """Add one audit entry to the caller's transaction."""
    entry = AuditEntry(
        action=action,
        entity=entity,
        entity_id=entity_id,
        summary=summary,
        changes=changes or {},
        actor=current_actor(),
    )
    session.add(entry)
    return entry

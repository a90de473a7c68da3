"""Create, update, delete, restore and bulk-change records: one transaction each, audited."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from coordinator import audit
from coordinator.db import Database
from coordinator.editing.values import (
    _LIST_FIELDS,
    BulkChange,
    CommunityFields,
    Deleted,
    EditConflict,
    EditError,
    EditRefused,
    Entity,
    FacilitatorFields,
    Saved,
    Updated,
    community_problems,
    facilitator_problems,
)
from coordinator.models import ActivitySnapshot, Assignment, Community, Facilitator

_MODELS: dict[str, type[Community] | type[Facilitator]] = {
    "community": Community,
    "facilitator": Facilitator,
}


def _values_of(obj: Community | Facilitator) -> CommunityFields | FacilitatorFields:
    cls = CommunityFields if isinstance(obj, Community) else FacilitatorFields
    values = {}
    for f in fields(cls):
        value = getattr(obj, f.name)
        values[f.name] = tuple(value or ()) if f.name in _LIST_FIELDS else value
    return cls(**values)


def _apply(obj: Community | Facilitator, values: CommunityFields | FacilitatorFields) -> None:
    for f in fields(values):
        value = getattr(values, f.name)
        if isinstance(value, str) and f.name != "notes":
            value = value.strip()
        setattr(obj, f.name, list(value) if f.name in _LIST_FIELDS else value)


def _check(
    values: CommunityFields | FacilitatorFields, own_id: int | None, session: Session
) -> None:
    if isinstance(values, CommunityFields):
        taken = {n.casefold(): i for i, n in session.execute(select(Community.id, Community.name))}
        problems = community_problems(values, taken, own_id)
    else:
        taken = {
            e.lower(): i for i, e in session.execute(select(Facilitator.id, Facilitator.email))
        }
        problems = facilitator_problems(values, taken, own_id)
    if problems:
        raise EditRefused(problems)


def _entity(values: CommunityFields | FacilitatorFields) -> Entity:
    return "community" if isinstance(values, CommunityFields) else "facilitator"


def _label(entity: str) -> str:
    return "volunteer" if entity == "facilitator" else entity


def _summary(note: str, text: str) -> str:
    return f"{note}: {text}" if note else text


def _load(session: Session, entity: Entity, record_id: int, expected_version: int | None) -> Any:
    obj = session.get(_MODELS[entity], record_id)
    if obj is None:
        raise EditConflict(f"This {_label(entity)} no longer exists; someone else deleted it.")
    if expected_version is not None and obj.version != expected_version:
        raise EditConflict(
            f"{obj.name} was changed elsewhere since you opened it; "
            "reload to see the latest values, then make your change again."
        )
    return obj


@contextmanager
def _transaction(database: Database) -> Iterator[Session]:
    """A unit of work that turns stale-row and uniqueness failures into ``EditError``."""
    try:
        with database.unit_of_work() as session:
            yield session
    except StaleDataError as error:
        raise EditConflict(
            "Someone else saved this record at the same moment; reload and try again."
        ) from error
    except IntegrityError as error:
        raise EditError(f"The database refused the change: {error.orig}") from error


def create(
    database: Database,
    values: CommunityFields | FacilitatorFields,
    *,
    restore_id: int | None = None,
    note: str = "",
) -> Saved:
    """Add a community or volunteer (under ``restore_id`` when an undo brings it back)."""
    entity = _entity(values)
    with _transaction(database) as session:
        _check(values, None, session)
        obj = _MODELS[entity]()
        if restore_id is not None:
            obj.id = restore_id
        _apply(obj, values)
        changes = audit.changes_of(obj)  # before the flush, which clears the history
        session.add(obj)
        session.flush()
        audit.record(
            session, "create", entity, obj.id, _summary(note, f"Added {obj.name}"), changes
        )
        return Saved(entity, obj.id, obj.version, obj.name)


def update(
    database: Database,
    entity: Entity,
    record_id: int,
    values: CommunityFields | FacilitatorFields,
    expected_version: int | None,
    *,
    note: str = "",
) -> Updated:
    """Change a record's values; the result's ``before`` is what an undo passes back."""
    with _transaction(database) as session:
        obj = _load(session, entity, record_id, expected_version)
        _check(values, record_id, session)
        before = _values_of(obj)
        _apply(obj, values)
        changes = audit.changes_of(obj)
        if changes:
            session.flush()
            audit.record(
                session, "update", entity, obj.id, _summary(note, f"Edited {obj.name}"), changes
            )
        return Updated(Saved(entity, obj.id, obj.version, obj.name), before)


def read(database: Database, entity: Entity, record_id: int) -> tuple[Any, int]:
    """The current values and version of a record, for an edit form."""
    with database.reading() as session:
        obj = _load(session, entity, record_id, None)
        return _values_of(obj), obj.version


def delete(
    database: Database,
    entity: Entity,
    record_id: int,
    expected_version: int | None,
    *,
    note: str = "",
) -> Deleted:
    """Remove a record that has no caseload history (deactivate it otherwise)."""
    with _transaction(database) as session:
        obj = _load(session, entity, record_id, expected_version)
        column = Assignment.community_id if entity == "community" else Assignment.facilitator_id
        if session.scalar(select(Assignment.id).where(column == record_id).limit(1)) is not None:
            raise EditError(
                f"{obj.name} has caseload history, which deleting would lose; "
                "deactivate it instead."
            )
        activity: tuple[tuple[date, int, int, int], ...] = ()
        if entity == "community":
            activity = tuple((s.month, s.active_members, s.posts, s.replies) for s in obj.snapshots)
        values = _values_of(obj)
        changes = {f.name: [audit._plain(getattr(values, f.name)), None] for f in fields(values)}
        session.delete(obj)
        audit.record(
            session, "delete", entity, record_id, _summary(note, f"Deleted {obj.name}"), changes
        )
        return Deleted(entity, record_id, values, activity)


def restore(database: Database, deleted: Deleted, *, note: str = "Undo") -> Saved:
    """Bring a deleted record back under its old id, with its activity history."""
    saved = create(database, deleted.values, restore_id=deleted.id, note=note)
    if deleted.activity:
        with _transaction(database) as session:
            for month, active_members, posts, replies in deleted.activity:
                session.add(
                    ActivitySnapshot(
                        community_id=deleted.id,
                        month=month,
                        active_members=active_members,
                        posts=posts,
                        replies=replies,
                    )
                )
    return saved


def set_values(
    database: Database,
    entity: Entity,
    field_name: str,
    values: dict[int, Any],
    expected_versions: dict[int, int] | None = None,
    *,
    note: str = "",
) -> BulkChange:
    """Set one field on several records in one transaction, one audit entry per record."""
    before: dict[int, Any] = {}
    versions: dict[int, int] = {}
    with _transaction(database) as session:
        model = _MODELS[entity]
        objects = session.scalars(select(model).where(model.id.in_(values))).all()
        found = {obj.id: obj for obj in objects}
        for record_id in values:
            expected = (expected_versions or {}).get(record_id)
            if record_id not in found:
                raise EditConflict(f"A {_label(entity)} no longer exists; someone else deleted it.")
            obj = found[record_id]
            if expected is not None and obj.version != expected:
                raise EditConflict(f"{obj.name} was changed elsewhere; reload and try again.")
        for record_id, value in values.items():
            obj = found[record_id]
            before[record_id] = getattr(obj, field_name)
            setattr(obj, field_name, value)
            changes = audit.changes_of(obj)
            if changes:
                session.flush()
                audit.record(
                    session,
                    "update",
                    entity,
                    record_id,
                    _summary(note, f"Changed {field_name.replace('_', ' ')} of {obj.name}"),
                    changes,
                )
            versions[record_id] = obj.version
    return BulkChange(entity, field_name, before, dict(values), versions)


def revert(database: Database, change: BulkChange, *, note: str = "Undo") -> BulkChange:
    """Put back the values a bulk change replaced; reverting the result re-applies it."""
    return set_values(
        database, change.entity, change.field, change.before, change.versions, note=note
    )


def flag_showcase(database: Database, ids: Iterable[int], value: bool = True) -> BulkChange:
    """Mark (or unmark) communities as showcase communities."""
    return set_values(database, "community", "showcase", dict.fromkeys(ids, value))


def flag_help_requested(
    database: Database, ids: Iterable[int], value: bool = True, today: date | None = None
) -> BulkChange:
    """Mark communities as asking for help (dated today), or clear the request."""
    wanted = list(ids)
    if not value:
        return set_values(database, "community", "help_requested_on", dict.fromkeys(wanted))
    with database.reading() as session:
        already = dict(
            session.execute(
                select(Community.id, Community.help_requested_on).where(Community.id.in_(wanted))
            ).all()
        )
    # Keep the date of an earlier request: it says how long they have been waiting.
    day = today or date.today()
    return set_values(
        database, "community", "help_requested_on", {i: already.get(i) or day for i in wanted}
    )


def set_active(database: Database, entity: Entity, ids: Iterable[int], value: bool) -> BulkChange:
    """Deactivate (or reactivate) communities or volunteers; nothing is deleted."""
    return set_values(database, entity, "active", dict.fromkeys(ids, value))

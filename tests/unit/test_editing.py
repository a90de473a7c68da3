"""Edits made by the window: one transaction each, audited, undoable, conflict-aware."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest
from sqlalchemy import select

from coordinator import editing
from coordinator.db import Database
from coordinator.domain import Weekdays
from coordinator.editing import (
    CommunityFields,
    EditConflict,
    EditError,
    EditRefused,
    FacilitatorFields,
)
from coordinator.models import ActivitySnapshot, Assignment, AuditEntry, Community
from coordinator.settings import Settings

TOKYO = CommunityFields(name="Tokyo Lean", time_zone="Asia/Tokyo", language="Japanese", members=40)
MARA = FacilitatorFields(
    name="Mara", email="Mara@Example.com", time_zone="Europe/Stockholm", languages=("English",)
)


def audit_entries(database: Database) -> list[AuditEntry]:
    with database.reading() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_community_problems_name_each_field() -> None:
    bad = CommunityFields(
        name=" ",
        time_zone="Mars/Olympus",
        host_email="nobody",
        language="",
        members=-1,
        host_work_start=time(17),
        host_work_end=time(9),
    )
    problems = editing.community_problems(bad)
    assert set(problems) == {"name", "time_zone", "host_email", "language", "members", "host_work"}
    assert "unknown time zone" in problems["time_zone"]
    assert editing.community_problems(TOKYO) == {}


def test_duplicate_name_is_a_problem_except_for_itself() -> None:
    taken = {"tokyo lean": 7}
    assert "name" in editing.community_problems(TOKYO, taken)
    assert editing.community_problems(TOKYO, taken, own_id=7) == {}


def test_facilitator_problems() -> None:
    bad = FacilitatorFields(
        name="",
        email="x",
        time_zone="UTC",
        work_start=time(18),
        work_end=time(9),
        capacity=-1,
        available_from=date(2026, 2, 1),
        available_until=date(2026, 1, 1),
    )
    problems = editing.facilitator_problems(bad)
    assert set(problems) == {"name", "email", "work_hours", "languages", "capacity", "available"}
    assert editing.facilitator_problems(MARA) == {}
    assert "email" in editing.facilitator_problems(MARA, {"mara@example.com": 3})


def test_create_update_and_undo_are_audited(database: Database) -> None:
    saved = editing.create(database, TOKYO)
    assert saved.version == 1
    changed = editing.update(
        database, "community", saved.id, replace(TOKYO, members=55), saved.version
    )
    assert changed.before == TOKYO and changed.saved.version == 2
    undone = editing.update(
        database, "community", saved.id, changed.before, changed.saved.version, note="Undo"
    )
    values, version = editing.read(database, "community", saved.id)
    assert values.members == 40 and version == undone.saved.version == 3
    entries = audit_entries(database)
    assert [e.action for e in entries] == ["create", "update", "update"]
    assert entries[1].changes == {"members": [40, 55]}
    assert entries[2].summary.startswith("Undo:")


def test_stale_version_is_a_clear_conflict(database: Database) -> None:
    saved = editing.create(database, TOKYO)
    editing.update(database, "community", saved.id, replace(TOKYO, members=1), 1)
    with pytest.raises(EditConflict, match="changed elsewhere"):
        editing.update(database, "community", saved.id, replace(TOKYO, members=2), 1)
    with pytest.raises(EditConflict, match="no longer exists"):
        editing.update(database, "community", 999, TOKYO, 1)


def test_invalid_values_write_nothing(database: Database) -> None:
    with pytest.raises(EditRefused) as refused:
        editing.create(database, replace(TOKYO, time_zone="Nowhere/Town"))
    assert "time_zone" in refused.value.problems
    editing.create(database, TOKYO)
    with pytest.raises(EditRefused, match="already has this name"):
        editing.create(database, replace(TOKYO, name="tokyo lean"))
    assert len(audit_entries(database)) == 1


def test_delete_and_restore_keep_id_and_activity(database: Database) -> None:
    saved = editing.create(database, TOKYO)
    with database.unit_of_work() as session:
        session.add(ActivitySnapshot(community_id=saved.id, month=date(2026, 1, 1), posts=3))
    deleted = editing.delete(database, "community", saved.id, saved.version)
    with database.reading() as session:
        assert session.get(Community, saved.id) is None
    restored = editing.restore(database, deleted)
    assert restored.id == saved.id
    with database.reading() as session:
        assert session.scalars(select(ActivitySnapshot.posts)).all() == [3]
    assert [e.action for e in audit_entries(database)] == ["create", "delete", "create"]


def test_delete_refused_with_caseload_history(database: Database) -> None:
    community = editing.create(database, TOKYO)
    volunteer = editing.create(database, MARA)
    with database.unit_of_work() as session:
        session.add(
            Assignment(
                facilitator_id=volunteer.id,
                community_id=community.id,
                starts_on=date(2026, 1, 1),
                ends_on=date(2026, 7, 1),
            )
        )
    with pytest.raises(EditError, match="deactivate"):
        editing.delete(database, "community", community.id, None)


def test_bulk_flags_revert_and_reapply(database: Database) -> None:
    ids = [editing.create(database, replace(TOKYO, name=f"C{i}")).id for i in range(3)]
    change = editing.flag_help_requested(database, ids[:2], today=date(2026, 3, 1))
    assert len(change) == 2 and change.after == dict.fromkeys(ids[:2], date(2026, 3, 1))
    undone = editing.revert(database, change)
    assert undone.after == dict.fromkeys(ids[:2])
    redone = editing.revert(database, undone, note="Redo")
    assert redone.after == change.after
    showcase = editing.flag_showcase(database, ids)
    deactivated = editing.set_active(database, "community", ids[:1], False)
    with database.reading() as session:
        rows = session.execute(
            select(Community.showcase, Community.active).order_by(Community.id)
        ).all()
    assert [tuple(r) for r in rows] == [(True, False), (True, True), (True, True)]
    assert len(showcase) == 3 and deactivated.before == {ids[0]: True}


def test_bulk_revert_detects_conflict(database: Database) -> None:
    saved = editing.create(database, TOKYO)
    change = editing.flag_showcase(database, [saved.id])
    editing.update(database, "community", saved.id, TOKYO, change.versions[saved.id])
    with pytest.raises(EditConflict):
        editing.revert(database, change)


def test_email_is_normalised_and_unique(database: Database) -> None:
    saved = editing.create(database, MARA)
    values, _ = editing.read(database, "facilitator", saved.id)
    assert values.email == "mara@example.com"
    with pytest.raises(EditRefused, match="e-mail"):
        editing.create(database, replace(MARA, name="Other", email="MARA@example.com"))


def test_settings_update_is_audited(database: Database) -> None:
    new = Settings(default_capacity=8, host_work_days=Weekdays.parse("Sun-Thu"))
    before = editing.update_settings(database, new)
    assert before == Settings()
    assert editing.read_settings(database) == new
    entry = audit_entries(database)[-1]
    assert entry.entity == "settings"
    assert entry.changes["default_capacity"] == [10, 8]
    with pytest.raises(ValueError):
        editing.update_settings(database, Settings(hand_holding_months=0))


def test_lead_times_round_trip() -> None:
    assert editing.parse_lead_times("15 min; 1 day, 2h") == (1440, 120, 15)
    assert editing.format_lead_times((1440, 120, 15)) == "1 day; 2 h; 15 min"
    assert editing.parse_lead_times("") == ()
    with pytest.raises(ValueError, match="lead time"):
        editing.parse_lead_times("soon")

"""Accepting proposals, hand-over, moving and pinning by hand, and ``coordinator assign``."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from coordinator.assignment import (
    AssignmentError,
    ChangeKind,
    StaleProposalError,
    accept_proposal,
    assess_pair,
    ending_soon,
    move_assignment,
    propose,
    propose_handover,
    set_pinned,
    unassign,
)
from coordinator.cli import main
from coordinator.db import Database
from coordinator.domain import AssignmentStatus
from coordinator.models import Assignment, AuditEntry, CheckInSeries
from tests.unit.test_assignment_support import START, assign, community, volunteer


def rows(database: Database) -> list[tuple[int, int, str, bool, date, date]]:
    """(community, volunteer, status, pinned, starts_on, ends_on) of every assignment."""
    with database.reading() as s:
        return [
            (a.community_id, a.facilitator_id, a.status.value, a.pinned, a.starts_on, a.ends_on)
            for a in s.scalars(select(Assignment).order_by(Assignment.id))
        ]


def audit_summaries(database: Database) -> list[str]:
    with database.reading() as s:
        return [e.summary for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_accept_writes_assignments_and_audit_in_one_go(database: Database) -> None:
    with database.unit_of_work() as s:
        ana = volunteer(s, "Ana")
        lean = community(s, "Lean Hub")
    accept_proposal(database, propose(database, start=START))
    assert rows(database) == [(lean.id, ana.id, "active", False, START, date(2026, 12, 1))]
    summaries = audit_summaries(database)
    assert summaries[0].startswith("Assigned Lean Hub to Ana: ")
    assert summaries[-1] == (
        "Accepted assign proposal: 1 added, 0 moved, 0 unchanged, 0 unassigned"
    )


def test_a_stale_proposal_is_refused_and_nothing_is_written(database: Database) -> None:
    with database.unit_of_work() as s:
        ana = volunteer(s, "Ana")
        hub = community(s, "Hub")
    proposal = propose(database, start=START)
    move_assignment(database, hub.id, ana.id, on=START)  # someone was quicker
    before = rows(database)
    with pytest.raises(StaleProposalError):
        accept_proposal(database, proposal)
    assert rows(database) == before


def test_rebalance_move_ends_the_old_entry_and_starts_a_new_one(database: Database) -> None:
    with database.unit_of_work() as s:
        far = volunteer(s, "Far", "America/Chicago")
        near = volunteer(s, "Near", skills=["lean"])
        hub = community(s, "Hub", topics=["lean"])
        assign(s, far, hub, starts_on=date(2026, 3, 1), ends_on=date(2026, 9, 1))
    proposal = propose(database, start=START, rebalance=True)
    assert [c.kind for c in proposal.changes] == [ChangeKind.MOVED]
    accept_proposal(database, proposal)
    assert rows(database) == [
        (hub.id, far.id, "ended", False, date(2026, 3, 1), START),
        (hub.id, near.id, "active", False, START, date(2026, 12, 1)),
    ]
    assert "Moved Hub from Far to Near" in audit_summaries(database)


def test_handover_rotates_to_a_new_volunteer_from_the_planned_end(database: Database) -> None:
    with database.unit_of_work() as s:
        old = volunteer(s, "Old Hand")
        new = volunteer(s, "New Hand")
        hub = community(s, "Hub")
        later = community(s, "Later")
        assign(s, old, hub, starts_on=date(2025, 12, 20), ends_on=START + timedelta(days=10))
        assign(s, old, later, starts_on=date(2026, 5, 1), ends_on=date(2026, 11, 1))
    ending = ending_soon(database, within_days=30, today=START)
    assert [(e.community_name, e.days_left) for e in ending] == [("Hub", 10)]
    proposal = propose_handover(database, within_days=30, today=START)
    (moved,) = proposal.moved
    assert (moved.facilitator_name, moved.starts_on) == ("New Hand", START + timedelta(days=10))
    assert [c.community_name for c in proposal.unchanged] == ["Later"]
    accept_proposal(database, proposal)
    statuses = {(c, f): status for c, f, status, *_ in rows(database)}
    assert statuses == {(hub.id, old.id): "ended", (hub.id, new.id): "active",
                        (later.id, old.id): "active"}  # fmt: skip


def test_handover_without_rotation_extends_the_same_volunteer(database: Database) -> None:
    with database.unit_of_work() as s:
        old = volunteer(s, "Old Hand")
        volunteer(s, "Other", "America/Chicago")
        hub = community(s, "Hub")
        assign(s, old, hub, starts_on=date(2025, 12, 20), ends_on=START + timedelta(days=5))
    proposal = propose_handover(database, within_days=30, rotate=False, today=START)
    (extended,) = proposal.extended
    assert extended.facilitator_name == "Old Hand"
    accept_proposal(database, proposal)
    assert rows(database)[0][2:] == ("active", False, date(2025, 12, 20), date(2026, 12, 6))


def test_rotation_wanted_but_only_the_current_volunteer_fits(database: Database) -> None:
    with database.unit_of_work() as s:
        old = volunteer(s, "Only Speaker", languages=["Finnish"])
        hub = community(s, "Helsinki", "Europe/Helsinki", language="Finnish")
        assign(s, old, hub, ends_on=START + timedelta(days=3))
    proposal = propose_handover(database, within_days=30, today=START)
    assert proposal.unassigned[0].reason == (
        "only Only Speaker fits, and a new volunteer is wanted (rotation)"
    )


def test_assess_pair_warns_about_overlap_language_and_load(database: Database) -> None:
    with database.unit_of_work() as s:
        tokyo = volunteer(s, "Tokyo", "Asia/Tokyo", languages=["Japanese"], capacity=1)
        busy_with = community(s, "Already Mine", "Asia/Tokyo", language="Japanese")
        assign(s, tokyo, busy_with)
        lima = community(s, "Lima", "America/Lima", language="Spanish")
    assessment = assess_pair(database, lima.id, tokyo.id, on=START)
    assert not assessment.acceptable
    assert assessment.problems == (
        "only 0 min shared working time a week with the host (at least 1 h is needed)",
        "Tokyo does not speak Spanish",
        "Tokyo is full (1/1)",
    )
    assert assess_pair(database, busy_with.id, tokyo.id, on=START).acceptable


def test_move_by_hand_creates_moves_and_audits(database: Database) -> None:
    with database.unit_of_work() as s:
        ana = volunteer(s, "Ana")
        bo = volunteer(s, "Bo")
        hub = community(s, "Hub")
    first = move_assignment(database, hub.id, ana.id, on=date(2026, 6, 1))
    assert move_assignment(database, hub.id, ana.id, on=date(2026, 6, 1)) == first  # no-op
    set_pinned(database, hub.id, True)
    second = move_assignment(database, hub.id, bo.id, on=date(2026, 6, 15))
    assert second != first
    assert rows(database) == [
        (hub.id, ana.id, "ended", True, date(2026, 6, 1), date(2026, 6, 15)),
        (hub.id, bo.id, "active", True, date(2026, 6, 15), date(2026, 12, 15)),
    ]
    summaries = audit_summaries(database)
    assert summaries[0] == "Assigned Hub to Ana by hand"
    assert "Pinned Hub" in summaries
    # The move also re-planned the check-ins (its own audit entry, same transaction).
    assert summaries[-2] == "Assigned Hub to Bo by hand"
    assert summaries[-1].startswith("schedule from") and "1 created, 1 ended" in summaries[-1]


def test_same_day_move_repoints_the_entry(database: Database) -> None:
    with database.unit_of_work() as s:
        ana, bo = volunteer(s, "Ana"), volunteer(s, "Bo")
        hub = community(s, "Hub")
    entry = move_assignment(database, hub.id, ana.id, on=START)
    assert move_assignment(database, hub.id, bo.id, on=START) == entry
    assert rows(database) == [(hub.id, bo.id, "active", False, START, date(2026, 12, 1))]


def test_pinning_needs_an_assignment_and_survives_rebalance(database: Database) -> None:
    with database.unit_of_work() as s:
        far = volunteer(s, "Far", "America/Chicago")
        volunteer(s, "Near", skills=["lean"])
        hub = community(s, "Hub", topics=["lean"])
        lonely = community(s, "Lonely")
    with pytest.raises(AssignmentError):
        set_pinned(database, lonely.id, True)
    move_assignment(database, hub.id, far.id, on=START)
    set_pinned(database, hub.id, True)
    rebalanced = propose(database, start=START, rebalance=True)
    assert not rebalanced.moved
    set_pinned(database, hub.id, False)
    assert [c.facilitator_name for c in propose(database, start=START, rebalance=True).moved] == [
        "Near"
    ]


def test_cli_dry_run_json_writes_nothing(database: Database, db_path, capsys) -> None:
    with database.unit_of_work() as s:
        volunteer(s, "Ana", skills=["lean"])
        community(s, "Hub", topics=["lean"])
        community(s, "Quechua", language="Quechua")
    args = ["assign", "--db", str(db_path), "--start", "2026-06-01"]
    assert main([*args, "--dry-run", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"added": 1, "moved": 0, "extended": 0, "unchanged": 0,
                               "unassigned": 1}  # fmt: skip
    assert data["added"][0]["reason"].endswith("topic: lean")
    assert data["unassigned"][0]["reasons"] == ["no available volunteer speaks Quechua"]
    assert data["applied"] is False
    assert rows(database) == []
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Hub -> Ana (2026-06-01 to 2026-12-01)" in out
    assert "Quechua: no available volunteer speaks Quechua" in out
    assert "Applied in one transaction: 1 added, 0 moved." in out
    assert "Check-in series: 1 created" in out  # as in the window: check-ins follow
    assert [r[2] for r in rows(database)] == [AssignmentStatus.ACTIVE.value]
    with database.reading() as s:
        series = s.scalars(select(CheckInSeries)).one()
        assert series.starts_on >= date(2026, 6, 1)
    assert main(args) == 0
    assert "Nothing to change." in capsys.readouterr().out


def test_cli_reports_misuse(db_path, capsys) -> None:
    assert main(["assign", "--db", str(db_path), "--keep-volunteer"]) == 1
    assert "--keep-volunteer only makes sense with --handover" in capsys.readouterr().err


def test_unassign_ends_a_started_entry_and_drops_an_unstarted_one(database: Database) -> None:
    with database.unit_of_work() as s:
        ana = volunteer(s, "Ana")
        hub = community(s, "Hub")
        lab = community(s, "Lab")
    move_assignment(database, hub.id, ana.id, on=date(2026, 6, 1))
    move_assignment(database, lab.id, ana.id, on=date(2026, 6, 1))
    with database.reading() as s:
        assert len(s.scalars(select(CheckInSeries)).all()) == 2
    unassign(database, hub.id, on=date(2026, 7, 1))  # started a month ago: history stays
    unassign(database, lab.id, on=date(2026, 6, 1))  # never started: the entry goes
    assert rows(database) == [(hub.id, ana.id, "ended", False, date(2026, 6, 1), date(2026, 7, 1))]
    with database.reading() as s:
        (series,) = s.scalars(select(CheckInSeries)).all()
        # Hub's check-ins stop before the day it left the caseload; Lab's series went with it.
        assert series.until_on is not None and series.until_on < date(2026, 7, 1)
    with pytest.raises(AssignmentError, match="not in any caseload"):
        unassign(database, hub.id)

"""Accepting a hand-over also reschedules check-ins, each on its own hand-over day.

The outgoing volunteer keeps the check-ins up to the planned end; the successor's start on it.
Other modes reschedule from the start day as before.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from coordinator.assignment import accept_and_schedule, propose, propose_handover
from coordinator.db import Database
from coordinator.models import AuditEntry
from coordinator.scheduling.build import schedule_programme
from tests.unit.test_assignment_support import START, assign, community, series_of, volunteer


def test_each_hand_over_keeps_the_old_check_ins_until_its_day(database: Database) -> None:
    with database.unit_of_work() as s:
        old = volunteer(s, "Old Hand")
        volunteer(s, "New Hand")
        hub = community(s, "Hub")
        later = community(s, "Later Hub")
        assign(s, old, hub, starts_on=date(2025, 12, 20), ends_on=START + timedelta(days=10))
        assign(s, old, later, starts_on=date(2026, 1, 5), ends_on=START + timedelta(days=20))
    schedule_programme(database, start=START)
    proposal = propose_handover(database, within_days=30, today=START)
    assert {c.community_name: c.starts_on for c in proposal.moved} == {
        "Hub": START + timedelta(days=10),
        "Later Hub": START + timedelta(days=20),
    }

    result, report = accept_and_schedule(database, proposal, start=START)

    assert result.moved == 2
    for name, days in (("Hub", 10), ("Later Hub", 20)):
        day = START + timedelta(days=days)
        (outgoing, incoming) = series_of(database, name)
        assert outgoing == ("Old Hand", START, day - timedelta(days=1))
        assert incoming[:2] == ("New Hand", day)
    assert report.count("created") == 2 and report.count("ended") == 2
    assert report.start == START
    with database.reading() as s:
        builds = s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "schedule"))
        # One build for the whole programme, then one per hand-over day.
        assert [b.split(" for ")[0] for b in builds.all()][1:] == [
            f"schedule from {START + timedelta(days=10)}",
            f"schedule from {START + timedelta(days=20)}",
        ]


def test_an_overdue_hand_over_starts_today(database: Database) -> None:
    with database.unit_of_work() as s:
        old = volunteer(s, "Old Hand")
        volunteer(s, "New Hand")
        hub = community(s, "Hub")
        assign(s, old, hub, starts_on=date(2025, 11, 20), ends_on=START - timedelta(days=3))
    proposal = propose_handover(database, within_days=30, today=START)
    accept_and_schedule(database, proposal, start=START)
    assert [(v, first) for v, first, _last in series_of(database, "Hub")] == [("New Hand", START)]


def test_new_caseloads_are_scheduled_from_the_start_day(database: Database) -> None:
    with database.unit_of_work() as s:
        volunteer(s, "Ana")
        community(s, "Lean Hub")
    accept_and_schedule(database, propose(database, start=START), start=START)
    assert [(v, first) for v, first, _last in series_of(database, "Lean Hub")] == [("Ana", START)]

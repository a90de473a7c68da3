"""Models, constraints and the main services on both backends (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from coordinator.assignment import accept_proposal, propose
from coordinator.db import Database
from coordinator.domain import AssignmentStatus, CommunityKind, Weekdays
from coordinator.exporting import build_export
from coordinator.importing import run_import
from coordinator.models import Assignment, CheckInSeries, Community, Facilitator
from coordinator.scheduling.build import schedule_programme
from coordinator.scheduling.events import events_between

TODAY = date(2026, 9, 1)


def _people(database: Database) -> tuple[int, int]:
    with database.unit_of_work() as s:
        community = Community(
            name="Lean Hub",
            kind=CommunityKind.CROSS_FUNCTIONAL,
            time_zone="Asia/Tokyo",
            topics=["lean", "six sigma"],
            created_on=date(2009, 3, 20),
            host_work_start=time(8, 30),
            host_work_end=time(17, 15),
            host_work_days=Weekdays.parse("Sun-Thu"),
        )
        volunteer = Facilitator(
            name="Ana",
            email="ana@example.com",
            time_zone="Europe/Lisbon",
            languages=["Portuguese", "English"],
            work_days=Weekdays.parse("Mon-Thu"),
            work_start=time(9, 45),
        )
        s.add_all([community, volunteer])
        s.flush()
        return community.id, volunteer.id


def test_values_round_trip(database: Database) -> None:
    community_id, volunteer_id = _people(database)
    created = datetime(2026, 9, 1, 23, 30, tzinfo=UTC)
    with database.unit_of_work() as s:
        s.add(
            Assignment(
                facilitator_id=volunteer_id,
                community_id=community_id,
                starts_on=TODAY,
                ends_on=date(2026, 12, 1),
                created_at=created,
            )
        )
    with database.reading() as s:
        community = s.get(Community, community_id)
        assert community.kind is CommunityKind.CROSS_FUNCTIONAL
        assert community.topics == ["lean", "six sigma"]
        assert (community.host_work_start, community.host_work_end) == (time(8, 30), time(17, 15))
        assert community.host_work_days == Weekdays.parse("Sun-Thu")
        assert community.created_on == date(2009, 3, 20)
        volunteer = s.get(Facilitator, volunteer_id)
        assert volunteer.languages == ["Portuguese", "English"]
        assert volunteer.work_days == Weekdays.parse("Mon-Thu")
        assert volunteer.work_start == time(9, 45)
        assignment = s.scalars(select(Assignment)).one()
        assert assignment.status is AssignmentStatus.ACTIVE
        assert assignment.created_at == created
        assert assignment.created_at.utcoffset() == timedelta(0)


def test_constraints_are_enforced(database: Database) -> None:
    community_id, volunteer_id = _people(database)
    with pytest.raises(IntegrityError), database.unit_of_work() as s:
        s.add(Facilitator(name="Ana 2", email="ana@example.com", time_zone="UTC"))
    with pytest.raises(IntegrityError), database.unit_of_work() as s:
        s.add(Facilitator(name="Bo", email="bo@example.com", time_zone="UTC", capacity=-1))
    with pytest.raises(IntegrityError), database.unit_of_work() as s:
        s.add(Community(name="   ", time_zone="UTC"))
    ends = date(2026, 12, 1)
    with database.unit_of_work() as s:
        s.add(Assignment(facilitator_id=volunteer_id, community_id=community_id,
                         starts_on=TODAY, ends_on=ends))  # fmt: skip
        s.add(Assignment(facilitator_id=volunteer_id, community_id=community_id,
                         starts_on=TODAY, ends_on=ends, status=AssignmentStatus.ENDED))  # fmt: skip
    with pytest.raises(IntegrityError), database.unit_of_work() as s:
        s.add(Assignment(facilitator_id=volunteer_id, community_id=community_id,
                         starts_on=TODAY, ends_on=ends))  # fmt: skip
    with database.reading() as s:
        assert s.scalar(select(func.count()).select_from(Assignment)) == 2


def test_sample_programme_assign_schedule_and_export(database: Database, samples: Path) -> None:
    for kind in ("communities", "facilitators", "activity"):
        run_import(database, samples / f"{kind}.csv", today=TODAY)
    result = accept_proposal(database, propose(database, start=TODAY))
    assert result.added > 0
    report = schedule_programme(database, start=TODAY, months=3)
    assert report is not None
    with database.reading() as s:
        active = s.scalar(
            select(func.count())
            .select_from(Assignment)
            .where(Assignment.status == AssignmentStatus.ACTIVE)
        )
        assert active == result.added
        assert s.scalar(select(func.count()).select_from(CheckInSeries)) == active
        start = datetime.combine(TODAY, time(), tzinfo=UTC)
        events = events_between(s, start, start + timedelta(days=30))
        assert events and all(start <= e.start < start + timedelta(days=30) for e in events)
        document = json.loads(json.dumps(build_export(s, TODAY, TODAY + timedelta(days=30))))
    assert len(document["communities"]) == 56
    assert len(document["assignments"]) == active
    assert document["events"] and document["events"][0]["kind"] == "check-in"


def test_the_models_match_the_migrations_with_the_partial_index(database: Database) -> None:
    # The partial index's PostgreSQL form is added when a server database opens (so a SQLite
    # start never imports that dialect); either way the models describe what the migrations made.
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy.schema import CreateIndex

    from coordinator.models import ONE_ACTIVE_INDEX, Base

    with database.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    index = next(i for i in Assignment.__table__.indexes if i.name == ONE_ACTIVE_INDEX)
    ddl = str(CreateIndex(index).compile(dialect=database.engine.dialect))
    assert ddl.endswith("WHERE status = 'active'"), ddl

"""A running programme for report tests: the sample plus caseloads, logged check-ins, webinars.

Everything is placed relative to ``today``; the report month is the month before it. With the
default ``TODAY`` the numbers the tests assert are fixed (see ``test_reports.py``). The
fixtures ``story_db`` and ``report`` give a test module that imports them one such programme.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from coordinator.db import Database, open_database
from coordinator.demo import load_sample
from coordinator.domain import AssignmentStatus, OccurrenceStatus
from coordinator.models import Community, Facilitator
from coordinator.reporting.history import month_start, shift_month
from coordinator.reporting.monthly import MonthlyReport, monthly_report
from coordinator.scheduling import (
    CHECK_IN,
    WEBINAR,
    create_webinar_series,
    events_between,
    log_check_in,
    record_attendance,
)
from tests.unit.scheduling_factory import assign, series

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ENDING = 10  # the first communities: caseloads started ~6 months ago, ending within days
STARTED = 20  # the next ones: caseloads started in the report month
ENDED = 2  # the next ones: caseloads that ended in the report month
SHOWCASE = "HR Safety Community"  # really active all along, already flagged showcase
OVERDUE = 4  # index of the caseload entry whose check-ins stopped being logged
OLDEST_HELP = {"R&D Sales Community": -80, "Safety Customer Community": -44}


@dataclass(frozen=True)
class Story:
    """What was built, for the tests to compare with."""

    today: date
    now: datetime
    month: date
    volunteers: dict[str, int]
    ending_assignments: list[int]


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def build_story(database: Database, today: date = TODAY, now: datetime = NOW) -> Story:
    """Load the sample and play a few months of coaching on it."""
    load_sample(database, today=today)
    month = shift_month(month_start(today), -1)
    with database.unit_of_work() as session:
        volunteers = dict(session.execute(select(Facilitator.name, Facilitator.id)).all())
        people = session.scalars(select(Facilitator).order_by(Facilitator.id)).all()
        communities = session.scalars(select(Community).order_by(Community.id)).all()
        session.execute(update(Community).where(Community.name == SHOWCASE).values(showcase=True))
        for name, days in OLDEST_HELP.items():
            when = today + timedelta(days=days)
            session.execute(
                update(Community).where(Community.name == name).values(help_requested_on=when)
            )
        plan: list[tuple[date, date, AssignmentStatus]] = (
            [(today - timedelta(days=175), today + timedelta(days=7), AssignmentStatus.ACTIVE)]
            * ENDING
            + [(month + timedelta(days=4), month + timedelta(days=186), AssignmentStatus.ACTIVE)]
            * STARTED
            + [(shift_month(month, -5), month + timedelta(days=14), AssignmentStatus.ENDED)] * ENDED
        )
        ending_ids = []
        series_ids = []
        for i, (starts_on, ends_on, status) in enumerate(plan):
            person = people[i % len(people)]
            assignment = assign(
                session, person, communities[i], starts_on, ends_on, status, reason="report test"
            )
            if i < ENDING:
                ending_ids.append(assignment.id)
            weekly = series(
                session,
                assignment,
                local_time=time(10, 0),
                zone=person.time_zone,
                weekday=2,  # Wednesday, in the volunteer's zone
                starts_on=starts_on,
                until_on=ends_on,
            )
            series_ids.append((i, weekly.id))
        _log_check_ins(session, series_ids, month, now)
        _webinars(session, month, list(volunteers.values()), [c.id for c in communities])
    return Story(today, now, month, volunteers, ending_ids)


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Story]]:
    """A database holding the story (one per test module), and the story."""
    database = open_database(tmp_path_factory.mktemp("story") / "programme.sqlite3")
    story = build_story(database)
    yield database, story
    database.dispose()


@pytest.fixture(scope="module")
def report(story_db: tuple[Database, Story]) -> MonthlyReport:
    """The monthly report of the story's report month."""
    return monthly_report(story_db[0], today=TODAY, now=NOW)


def _log_check_ins(session, series_ids, month: date, now: datetime) -> None:  # type: ignore[no-untyped-def]
    """Log every past check-in: mostly done, every third series misses its third one of the
    report month, every fifth leaves its last one unlogged; earlier months all done. One
    series (``OVERDUE``) has nothing logged since the report month began."""
    for i, series_id in series_ids:
        events = [
            e
            for e in events_between(session, _utc(shift_month(month, -6)), now, kinds=(CHECK_IN,))
            if e.series_id == series_id and e.end <= now
        ]
        in_month = [e for e in events if month_start(e.start.date()) == month]
        for e in events:
            if i == OVERDUE and e.start >= _utc(month):
                break  # this volunteer stopped logging: the caseload entry is overdue
            status = OccurrenceStatus.DONE
            if e in in_month:
                k = in_month.index(e)
                if k == 2 and i % 3 == 0:
                    status = OccurrenceStatus.MISSED
                if k == len(in_month) - 1 and i % 5 == 0:
                    continue  # left unlogged
            notes = f"Talked about {['moderation', 'newsletters', 'events', 'onboarding'][i % 4]}."
            outcome = "Host drafts a welcome post." if status == OccurrenceStatus.DONE else ""
            log_check_in(session, series_id, e.original_start, status, notes=notes,
                         outcome=outcome, now=now)  # fmt: skip


def _webinars(session, month: date, volunteers: list[int], communities: list[int]) -> None:  # type: ignore[no-untyped-def]
    series = create_webinar_series(
        session,
        title="Participation practices",
        ordinal=2,
        weekday=1,  # second Tuesday
        starts_on=shift_month(month, -4),
        sessions=[
            (time(9, 0), "Europe/London", "Europe and Africa"),
            (time(12, 0), "America/New_York", "Americas"),
        ],
    )
    london, new_york = series.sessions
    people: list[int]
    hosts: list[int]
    occurrences = events_between(
        session, _utc(month), _utc(shift_month(month, 1)), kinds=(WEBINAR,)
    )
    for event in occurrences:
        if event.session_id == london.id:
            people, hosts = volunteers[:3], communities[:5]
        elif event.session_id == new_york.id:
            people, hosts = volunteers[3:5], communities[5:8]
        else:
            continue
        record_attendance(
            session,
            event.session_id,
            event.original_start,
            facilitator_ids=people,
            community_ids=hosts,
        )

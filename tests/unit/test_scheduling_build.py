"""(Re)building series: no double booking, spread over the week, logged occurrences untouched."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from itertools import combinations, pairwise
from zoneinfo import ZoneInfo

from sqlalchemy import select

from coordinator.cli import main
from coordinator.domain import AssignmentStatus, Cadence, OccurrenceStatus, Weekdays
from coordinator.models import (
    Assignment,
    AuditEntry,
    CheckInOccurrence,
    CheckInSeries,
    Community,
    Facilitator,
)
from coordinator.scheduling import (
    build_schedule,
    events_between,
    log_check_in,
    move_check_in,
)
from tests.unit.scheduling_factory import assign, community, volunteer

START = date(2026, 9, 1)
END = date(2027, 3, 1)
HOST_ZONES = [
    "Europe/Stockholm",
    "Europe/London",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Europe/Berlin",
    "Africa/Nairobi",
    "Asia/Jerusalem",
    "Europe/Helsinki",
    "Asia/Kathmandu",
    "Europe/Madrid",
    "Asia/Karachi",
    "Europe/Warsaw",
]


def _caseload(database, n: int = 10, zone: str = "Asia/Kolkata"):
    with database.unit_of_work() as s:
        person = volunteer(s, zone, name="Asha")
        for i in range(n):
            assign(s, person, community(s, HOST_ZONES[i % len(HOST_ZONES)]), START, END)
        return person.id


def _year(database, **filters):
    with database.reading() as s:
        return events_between(
            s, datetime(2026, 9, 1, tzinfo=UTC), datetime(2027, 3, 2, tzinfo=UTC), **filters
        )


def test_a_caseload_is_never_double_booked_and_spreads_over_the_week(database) -> None:
    person = _caseload(database, 10)
    with database.unit_of_work() as s:
        report = build_schedule(s, start=START, months=6)
    assert report.count("created") == 10 and report.count("unplaced") == 0
    events = _year(database, facilitator_id=person)
    assert len({e.uid for e in events}) == 10
    ordered = sorted(events, key=lambda e: e.start)
    for a, b in pairwise(ordered):
        assert a.end <= b.start, (a, b)  # no overlap at all over six months
    with database.reading() as s:
        weekdays = Counter(row.weekday for row in s.scalars(select(CheckInSeries)))
    assert sorted(weekdays.values()) == [2, 2, 2, 2, 2]  # Mon–Fri, two each


def test_series_stay_inside_both_working_weeks_across_dst(database) -> None:
    person = _caseload(database, 12)
    with database.unit_of_work() as s:
        build_schedule(s, start=START, months=6)
    kolkata = ZoneInfo("Asia/Kolkata")
    for event in _year(database, facilitator_id=person):
        local = event.start.astimezone(kolkata)
        host = event.start.astimezone(ZoneInfo(event.host_zone))
        assert time(9) <= local.time() and (local + timedelta(minutes=30)).time() <= time(17)
        assert time(9) <= host.time() and (host + timedelta(minutes=30)).time() <= time(17), event
        if event.host_zone == "Asia/Jerusalem":
            assert host.weekday() in (6, 0, 1, 2, 3) or host.weekday() in range(5)


def test_second_run_changes_nothing_and_each_run_is_audited(database) -> None:
    _caseload(database, 3)
    with database.unit_of_work() as s:
        build_schedule(s, start=START, months=6)
    with database.unit_of_work() as s:
        again = build_schedule(s, start=START + timedelta(days=10), months=6)
        audits = s.scalars(select(AuditEntry).where(AuditEntry.action == "schedule")).all()
    assert again.changes == [] and again.unchanged == 3
    assert len(audits) == 2


def test_hosts_shared_by_several_communities_are_not_double_booked(database) -> None:
    with database.unit_of_work() as s:
        for zone in ("Europe/Paris", "Europe/Rome"):
            person = volunteer(s, zone, start=time(9), end=time(10))
            for _n in range(2):
                host = community(
                    s,
                    "Europe/Paris",
                    host_email="same.host@example.org",
                    start=time(9),
                    end=time(10),
                )
                assign(s, person, host, START, END)
    with database.unit_of_work() as s:
        build_schedule(s, start=START, months=6)
    events = sorted(_year(database), key=lambda e: e.start)
    for a, b in combinations(events, 2):
        assert a.end <= b.start or b.end <= a.start


def test_rebuild_keeps_logged_occurrences_and_continues_with_a_new_slot(database) -> None:
    person = _caseload(database, 1, zone="Europe/Stockholm")
    with database.unit_of_work() as s:
        build_schedule(s, start=START, months=6)
    first_events = _year(database, facilitator_id=person)
    done, moved = first_events[0], first_events[2]
    with database.unit_of_work() as s:
        log_check_in(
            s,
            done.series_id,
            done.original_start,
            OccurrenceStatus.DONE,
            notes="ok",
            now=done.start + timedelta(hours=1),
        )
        move_check_in(s, moved.series_id, moved.original_start, moved.start + timedelta(hours=1))
    with database.reading() as s:
        stored_before = [
            (r.id, r.start, r.status, r.notes) for r in s.scalars(select(CheckInOccurrence))
        ]
    # The host's hours change so that the old slot no longer fits.
    with database.unit_of_work() as s:
        host = s.scalars(select(Community)).one()
        old_local = done.start.astimezone(ZoneInfo(host.time_zone)).time()
        host.host_work_start = (datetime.combine(START, old_local) + timedelta(hours=2)).time()
        host.host_work_end = time(18)
    with database.unit_of_work() as s:
        report = build_schedule(s, start=date(2026, 9, 10), months=6)
        rows = s.scalars(select(CheckInSeries).order_by(CheckInSeries.id)).all()
        old, new = rows
        stored_after = [
            (r.id, r.start, r.status, r.notes) for r in s.scalars(select(CheckInOccurrence))
        ]
        assert old.until_on < new.starts_on
        assert new.starts_on > moved.start.date()  # after the last stored occurrence
        assert old.sequence == 2 and new.sequence == 0  # one occurrence moved, then ended
    assert report.count("replaced") == 1
    assert stored_after == stored_before
    events = _year(database, facilitator_id=person)
    assert done.original_start in [e.original_start for e in events if e.status == "done"]
    later = [e for e in events if e.series_id == new.id]
    assert later and all(e.start.astimezone(ZoneInfo(e.host_zone)).hour >= 11 for e in later)


def test_a_series_not_begun_is_reslotted_in_place(database) -> None:
    _caseload(database, 1, zone="Europe/London")
    with database.unit_of_work() as s:
        build_schedule(s, start=START, months=6)
    with database.unit_of_work() as s:
        s.scalars(select(Community)).one().host_work_start = time(15)
    with database.unit_of_work() as s:
        report = build_schedule(s, start=date(2026, 8, 1), months=6)
        row = s.scalars(select(CheckInSeries)).one()
        assert row.local_time >= time(14) and row.sequence == 1
    assert report.count("changed") == 1


def test_ended_and_extended_assignments(database) -> None:
    with database.unit_of_work() as s:
        person = volunteer(s, "America/Toronto")
        ending = assign(s, person, community(s, "America/Mexico_City"), START, END)
        extended = assign(s, person, community(s, "America/Bogota"), START, END)
        ids = ending.id, extended.id
    with database.unit_of_work() as s:
        build_schedule(s, start=START, months=6)
    with database.unit_of_work() as s:
        from coordinator.models import Assignment

        s.get(Assignment, ids[0]).status = AssignmentStatus.GRADUATED
        s.get(Assignment, ids[1]).ends_on = date(2027, 5, 1)
    with database.unit_of_work() as s:
        report = build_schedule(s, start=date(2026, 11, 1), months=6)
        by_assignment = {r.assignment_id: r for r in s.scalars(select(CheckInSeries))}
    assert by_assignment[ids[0]].until_on == date(2026, 10, 31)
    assert by_assignment[ids[1]].until_on == date(2027, 5, 1)
    assert {c.action for c in report.changes} == {"ended", "changed"}


def test_cadence_override_per_series(database) -> None:
    _caseload(database, 1, zone="Asia/Singapore")
    with database.unit_of_work() as s:
        build_schedule(s, start=START, months=6)
        assignment_id = s.scalars(select(CheckInSeries)).one().assignment_id
    with database.unit_of_work() as s:
        build_schedule(
            s, start=START, months=6, overrides={assignment_id: (Cadence.FORTNIGHTLY, 45)}
        )
        row = s.scalars(select(CheckInSeries)).one()
        assert (row.cadence, row.duration_minutes) == (Cadence.FORTNIGHTLY, 45)
    starts = [e.start for e in _year(database)]
    assert {b - a for a, b in pairwise(starts)} <= {
        timedelta(days=14),
        timedelta(days=14, hours=1),
        timedelta(days=14, hours=-1),
    }


def test_the_schedule_command(database, db_path, capsys) -> None:
    _caseload(database, 2)
    database.dispose()
    assert main(["schedule", "--db", str(db_path), "--from", "2026-09-01", "--months", "3"]) == 0
    out = capsys.readouterr().out
    assert "Schedule from 2026-09-01 to 2026-12-01" in out
    assert out.count("created") >= 2 and "Asia/Kolkata" in out
    assert main(["schedule", "--db", str(db_path), "--from", "2026-09-01", "--months", "99"]) == 1
    assert "--months" in capsys.readouterr().err


def test_a_volunteer_who_moves_gets_series_in_the_new_zone(database) -> None:
    person = _caseload(database, 1, zone="Europe/London")
    with database.unit_of_work() as s:
        build_schedule(s, start=START, months=6)
    with database.unit_of_work() as s:
        from coordinator.models import Facilitator

        s.get(Facilitator, person).time_zone = "America/Toronto"
        # The host (Stockholm) must still be in hours: a late-morning Toronto slot is not.
    with database.unit_of_work() as s:
        report = build_schedule(s, start=START, months=6)
        rows = s.scalars(select(CheckInSeries)).all()
    assert [r.time_zone for r in rows] == ["America/Toronto"]  # not begun: re-slotted in place
    assert report.count("changed") == 1


def test_a_slot_that_breaks_when_only_one_zone_changes_clocks_is_replaced(database) -> None:
    """A series stored by hand at 11:00 New York with a Berlin host (09-17) is inside the
    host's hours only while the US is on summer time and Europe is not; a rebuild checks
    every date and re-slots it to a time that fits on all of them."""
    from tests.unit.scheduling_factory import series as make_series

    with database.unit_of_work() as s:
        person = volunteer(s, "America/New_York")
        host = community(s, "Europe/Berlin")
        a = assign(s, person, host, date(2027, 3, 1), date(2027, 4, 30))
        make_series(
            s,
            a,
            local_time=time(11),
            zone="America/New_York",
            weekday=0,
            starts_on=date(2027, 3, 1),
            until_on=date(2027, 4, 30),
        )
    with database.unit_of_work() as s:
        report = build_schedule(s, start=date(2027, 2, 1), months=3)
        row = s.scalars(select(CheckInSeries)).one()
        assert row.local_time <= time(10, 30) and row.sequence == 1
    assert report.count("changed") == 1


def test_a_daily_series_keeps_its_weekdays_when_the_working_week_changes(database) -> None:
    person = _caseload(database, 1, zone="Asia/Kathmandu")  # UTC+5:45
    with database.unit_of_work() as s:
        assignment_id = s.scalars(select(Assignment.id)).one()
        build_schedule(s, start=START, months=6, overrides={assignment_id: (Cadence.DAILY, 15)})
        series = s.scalars(select(CheckInSeries)).one()
        assert series.days is not None
        days = tuple(series.days)
    assert len(days) >= 3
    before = _year(database, facilitator_id=person)
    assert {e.start.astimezone(ZoneInfo("Asia/Kathmandu")).weekday() for e in before} == set(days)

    # The volunteer stops working on the series' last weekday from December on.
    dropped = days[-1]
    with database.unit_of_work() as s:
        s.get(Facilitator, person).work_days = Weekdays.of(
            d for d in range(7) if d != dropped and d in days
        )
    assert _year(database, facilitator_id=person) == before  # the series' history is its own

    with database.unit_of_work() as s:
        report = build_schedule(s, start=date(2026, 12, 1), months=6)
        old, new = s.scalars(select(CheckInSeries).order_by(CheckInSeries.id)).all()
        assert old.until_on == date(2026, 11, 30) and tuple(old.days) == days
        assert tuple(new.days) == tuple(d for d in days if d != dropped)
    assert report.count("replaced") == 1
    after = _year(database, facilitator_id=person)
    kathmandu = ZoneInfo("Asia/Kathmandu")
    autumn = [e for e in after if e.start < datetime(2026, 11, 30, tzinfo=UTC)]
    assert {e.start.astimezone(kathmandu).weekday() for e in autumn} == set(days)
    winter = [e for e in after if e.start > datetime(2026, 12, 2, tzinfo=UTC)]
    assert dropped not in {e.start.astimezone(kathmandu).weekday() for e in winter}

"""The Event view, and the check-in log: moves, cancellations and logs leave the series intact."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from coordinator.domain import AssignmentStatus, OccurrenceStatus, Weekdays
from coordinator.models import AuditEntry, CheckInOccurrence, CheckInSeries
from coordinator.scheduling import (
    CHECK_IN,
    SchedulingError,
    cancel_check_in,
    events_between,
    log_check_in,
    move_check_in,
    move_warnings,
    overdue_assignments,
    restore_check_in,
)
from tests.unit.scheduling_factory import assign, community, series, volunteer

MON, TUE = 0, 1
SEPT = datetime(2026, 9, 1, tzinfo=UTC)
OCT = datetime(2026, 10, 1, tzinfo=UTC)


@pytest.fixture
def programme(database):
    """A Kolkata volunteer with a Stockholm host, Tuesdays 13:30 IST, and a second pair."""
    with database.unit_of_work() as s:
        kolkata = volunteer(s, "Asia/Kolkata", name="Asha")
        stockholm = community(s, "Europe/Stockholm", name="Data CoP")
        a = assign(s, kolkata, stockholm, date(2026, 8, 1), date(2027, 2, 1))
        first = series(
            s,
            a,
            local_time=time(13, 30),
            zone="Asia/Kolkata",
            weekday=TUE,
            starts_on=date(2026, 8, 1),
            until_on=date(2027, 2, 1),
        )
        other_v = volunteer(s, "America/Chicago", name="Bo")
        other_c = community(s, "America/Denver", name="Ops CoP")
        b = assign(s, other_v, other_c, date(2026, 8, 1), date(2027, 2, 1))
        second = series(
            s,
            b,
            local_time=time(10),
            zone="America/Chicago",
            weekday=MON,
            starts_on=date(2026, 8, 1),
        )
        return {
            "series": first.id,
            "other": second.id,
            "volunteer": kolkata.id,
            "community": stockholm.id,
            "assignment": a.id,
            "b": b.id,
        }


def _snapshot(database, series_id):
    with database.reading() as s:
        row = s.get(CheckInSeries, series_id)
        return (
            row.cadence,
            row.weekday,
            row.local_time,
            row.time_zone,
            row.starts_on,
            row.until_on,
            row.duration_minutes,
        )


def test_events_have_stable_uids_and_both_zones(database, programme) -> None:
    with database.reading() as s:
        events = events_between(s, SEPT, OCT)
    mine = [e for e in events if e.series_id == programme["series"]]
    assert [e.start.day for e in mine] == [1, 8, 15, 22, 29]
    first = mine[0]
    assert first.uid == f"checkin-{programme['series']}@coordinator"
    assert first.kind == CHECK_IN and first.status == OccurrenceStatus.SCHEDULED
    assert first.start == datetime(2026, 9, 1, 8, 0, tzinfo=UTC)  # 13:30 IST
    assert first.end - first.start == timedelta(minutes=30)
    assert first.local_start().strftime("%H:%M") == "13:30"
    assert first.local_start("Europe/Stockholm").strftime("%H:%M") == "10:00"
    assert (first.facilitator_zone, first.host_zone) == ("Asia/Kolkata", "Europe/Stockholm")
    assert first.facilitator_ids == (programme["volunteer"],)
    assert first.title == "Check-in: Data CoP · Asha"
    assert events == sorted(events, key=lambda e: e.start)
    assert first._asdict()["uid"] == first.uid  # the JSON export's shape


def test_filters_by_volunteer_community_and_kind(database, programme) -> None:
    with database.reading() as s:
        by_volunteer = events_between(s, SEPT, OCT, facilitator_id=programme["volunteer"])
        by_community = events_between(s, SEPT, OCT, community_id=programme["community"])
        everything = events_between(s, SEPT, OCT, kinds=(CHECK_IN,))
    assert {e.series_id for e in by_volunteer} == {programme["series"]}
    assert {e.series_id for e in by_community} == {programme["series"]}
    assert {e.series_id for e in everything} == {programme["series"], programme["other"]}


def test_naive_bounds_are_refused(database, programme) -> None:
    with database.reading() as s, pytest.raises(ValueError, match="naive"):
        events_between(s, datetime(2026, 9, 1), OCT)


def test_move_stores_an_exception_and_keeps_the_series(database, programme) -> None:
    before = _snapshot(database, programme["series"])
    original = datetime(2026, 9, 8, 8, 0, tzinfo=UTC)
    new = datetime(2026, 9, 10, 9, 0, tzinfo=UTC)
    with database.unit_of_work() as s:
        move_check_in(s, programme["series"], original, new)
    with database.reading() as s:
        events = events_between(s, SEPT, OCT, facilitator_id=programme["volunteer"])
    starts = [e.start for e in events]
    assert original not in starts and new in starts
    moved = next(e for e in events if e.start == new)
    assert moved.original_start == original and moved.moved
    assert moved.status == OccurrenceStatus.MOVED and moved.occurrence_id is not None
    assert moved.uid == events[0].uid  # same series UID, RECURRENCE-ID = original start
    assert _snapshot(database, programme["series"]) == before
    assert moved.sequence == 1  # the rule stays; what a calendar shows changed
    assert len(events) == 5


def test_an_occurrence_moved_into_a_window_from_outside_shows_up(database, programme) -> None:
    original = datetime(2026, 10, 6, 8, 0, tzinfo=UTC)
    with database.unit_of_work() as s:
        move_check_in(s, programme["series"], original, datetime(2026, 9, 30, 8, 0, tzinfo=UTC))
    with database.reading() as s:
        sept = events_between(s, SEPT, OCT, facilitator_id=programme["volunteer"])
        october = events_between(
            s, OCT, OCT + timedelta(days=7), facilitator_id=programme["volunteer"]
        )
    assert sept[-1].original_start == original
    assert original not in [e.start for e in october]


def test_cancel_and_restore(database, programme) -> None:
    before = _snapshot(database, programme["series"])
    target = datetime(2026, 9, 15, 8, 0, tzinfo=UTC)
    with database.unit_of_work() as s:
        cancel_check_in(s, programme["series"], target, notes="host on leave")
    with database.reading() as s:
        shown = events_between(s, SEPT, OCT, facilitator_id=programme["volunteer"])
        live = events_between(
            s, SEPT, OCT, facilitator_id=programme["volunteer"], include_cancelled=False
        )
    cancelled = next(e for e in shown if e.original_start == target)
    assert cancelled.status == OccurrenceStatus.CANCELLED and cancelled.notes == "host on leave"
    assert target not in [e.start for e in live] and len(live) == 4
    with database.unit_of_work() as s:
        assert restore_check_in(s, programme["series"], target)
    with database.reading() as s:
        again = events_between(s, SEPT, OCT, facilitator_id=programme["volunteer"])
        assert s.scalars(select(CheckInOccurrence)).all() == []
    assert next(e for e in again if e.start == target).status == OccurrenceStatus.SCHEDULED
    assert _snapshot(database, programme["series"]) == before
    assert {e.sequence for e in again} == {2}  # cancelled, then restored


def test_log_done_and_missed_with_notes(database, programme) -> None:
    first, second = (datetime(2026, 9, d, 8, 0, tzinfo=UTC) for d in (1, 8))
    now = datetime(2026, 9, 9, tzinfo=UTC)
    with database.unit_of_work() as s:
        log_check_in(
            s,
            programme["series"],
            first,
            OccurrenceStatus.DONE,
            notes="Planned the kickoff",
            outcome="host will post weekly",
            now=now,
        )
        log_check_in(s, programme["series"], second, OccurrenceStatus.MISSED, now=now)
    with database.reading() as s:
        events = {e.start: e for e in events_between(s, SEPT, OCT)}
        audits = s.scalars(select(AuditEntry).where(AuditEntry.action == "log")).all()
    assert events[first].status == OccurrenceStatus.DONE
    assert events[first].outcome == "host will post weekly"
    assert events[second].status == OccurrenceStatus.MISSED
    assert events[datetime(2026, 9, 15, 8, 0, tzinfo=UTC)].status == OccurrenceStatus.SCHEDULED
    assert len(audits) == 2


def test_log_refuses_what_cannot_be_logged(database, programme) -> None:
    now = datetime(2026, 9, 9, tzinfo=UTC)
    refused = (
        (datetime(2026, 9, 15, 8, 0, tzinfo=UTC), OccurrenceStatus.DONE, "not happened"),
        (datetime(2026, 9, 2, 8, 0, tzinfo=UTC), OccurrenceStatus.DONE, "no occurrence"),
        (datetime(2026, 9, 1, 8, 0, tzinfo=UTC), OccurrenceStatus.CANCELLED, "done or missed"),
    )
    with database.unit_of_work() as s:
        for start, status, reason in refused:
            with pytest.raises(SchedulingError, match=reason):
                log_check_in(s, programme["series"], start, status, now=now)


def test_a_move_onto_another_check_in_of_the_volunteer_is_refused(database) -> None:
    with database.unit_of_work() as s:
        person = volunteer(s, "Europe/Berlin")
        one = assign(s, person, community(s, "Europe/Paris"), date(2026, 9, 1), date(2027, 3, 1))
        two = assign(s, person, community(s, "Europe/Rome"), date(2026, 9, 1), date(2027, 3, 1))
        mondays = {"zone": "Europe/Berlin", "weekday": MON, "starts_on": date(2026, 9, 1)}
        a_id = series(s, one, local_time=time(9), **mondays).id
        b_id = series(s, two, local_time=time(11), **mondays).id
    original = datetime(2026, 9, 7, 9, 0, tzinfo=UTC)  # Monday 11:00 CEST
    onto_a = datetime(2026, 9, 7, 7, 15, tzinfo=UTC)  # 09:15 CEST, inside a's 09:00-09:30
    with database.unit_of_work() as s:
        conflicts, notes = move_warnings(s, b_id, original, onto_a)
        assert [c.series_id for c in conflicts] == [a_id] and notes == []
        with pytest.raises(SchedulingError, match="already has"):
            move_check_in(s, b_id, original, onto_a)
    with database.unit_of_work() as s:
        move_check_in(s, b_id, original, onto_a, allow_conflicts=True)
        # Outside both parties' hours: allowed, but said.
        _conflicts, notes = move_warnings(
            s, a_id, datetime(2026, 9, 14, 7, tzinfo=UTC), datetime(2026, 9, 14, 20, tzinfo=UTC)
        )
        assert len(notes) == 2 and "Europe/Berlin" in notes[0]


def test_overdue_rule(database) -> None:
    with database.unit_of_work() as s:
        person = volunteer(s, "Asia/Kathmandu")
        fresh = assign(s, person, community(s, "Asia/Kolkata"), date(2026, 9, 1), date(2027, 3, 1))
        stale = assign(s, person, community(s, "Asia/Dhaka"), date(2026, 8, 1), date(2027, 2, 1))
        logged = assign(s, person, community(s, "Asia/Dubai"), date(2026, 8, 1), date(2027, 2, 1))
        assign(
            s,
            person,
            community(s, "Asia/Tokyo"),
            date(2026, 6, 1),
            date(2026, 8, 1),
            AssignmentStatus.ENDED,
        )
        row = series(
            s,
            logged,
            local_time=time(14),
            zone="Asia/Kathmandu",
            weekday=MON,
            starts_on=date(2026, 8, 1),
        )
        ids = fresh.id, stale.id, logged.id
        series_id = row.id
    done_at = datetime(2026, 8, 31, 8, 15, tzinfo=UTC)  # Monday 14:00 NPT
    with database.unit_of_work() as s:
        log_check_in(s, series_id, done_at, OccurrenceStatus.DONE, now=done_at + timedelta(hours=1))
    with database.reading() as s:
        on_sep_10 = overdue_assignments(s, date(2026, 9, 10))
        on_sep_14 = overdue_assignments(s, date(2026, 9, 14))
        on_sep_15 = overdue_assignments(s, date(2026, 9, 15))
        on_sep_20 = overdue_assignments(s, date(2026, 9, 20))
        strict = overdue_assignments(s, date(2026, 9, 10), overdue_days=5)
    assert [o.assignment_id for o in on_sep_10] == [ids[1]]  # 40 days since its start
    assert on_sep_10[0].last_done is None and on_sep_10[0].days_since == 40
    assert [o.assignment_id for o in on_sep_14] == [ids[1]]  # 14 days since the last done: fine
    # Fresh is exactly 14 days old (not over); the logged one's last done is 15 days ago.
    assert [o.assignment_id for o in on_sep_15] == [ids[1], ids[2]]
    assert {o.assignment_id for o in on_sep_20} == set(ids)
    logged_row = next(o for o in on_sep_20 if o.assignment_id == ids[2])
    assert logged_row.last_done == date(2026, 8, 31) and logged_row.days_since == 20
    assert {o.assignment_id for o in strict} == set(ids)


def test_daily_series_skip_the_hosts_weekend(database) -> None:
    """A Mon–Fri volunteer and a Sun–Thu host: a daily series runs Mon–Thu."""
    from coordinator.domain import Cadence

    with database.unit_of_work() as s:
        person = volunteer(s, "Europe/Athens")
        host = community(s, "Asia/Jerusalem", days=Weekdays.parse("Sun-Thu"))
        a = assign(s, person, host, date(2026, 9, 1), date(2027, 3, 1))
        series(
            s,
            a,
            local_time=time(10),
            zone="Europe/Athens",
            cadence=Cadence.DAILY,
            starts_on=date(2026, 9, 1),
        )
    with database.reading() as s:
        events = events_between(
            s, datetime(2026, 9, 6, tzinfo=UTC), datetime(2026, 9, 13, tzinfo=UTC)
        )
    athens = ZoneInfo("Europe/Athens")
    assert [e.start.astimezone(athens).strftime("%a %H:%M") for e in events] == [
        "Mon 10:00",
        "Tue 10:00",
        "Wed 10:00",
        "Thu 10:00",
    ]


def test_series_rule_and_first_date_for_the_export(database, programme) -> None:
    from coordinator.scheduling import first_date, series_rule
    from coordinator.settings import load_settings

    with database.reading() as s:
        row = s.get(CheckInSeries, programme["series"])
        rule = series_rule(row, load_settings(s))
        first = first_date(row, load_settings(s))
    assert rule.as_ical() == {"freq": "weekly", "interval": 1, "byday": ["TU"]}
    assert rule.until == date(2027, 2, 1)
    assert first == date(2026, 8, 4)  # the series starts on Saturday 1 August: first Tuesday

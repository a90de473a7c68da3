"""Monthly webinars: session times by maximum coverage, expansion, attendance."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from coordinator.domain import MON_FRI, OccurrenceStatus, WebinarTrack, Weekdays
from coordinator.models import Attendance, WebinarOccurrence
from coordinator.scheduling import (
    WEBINAR,
    create_webinar_series,
    events_between,
    nth_weekday,
    plan_sessions,
    record_attendance,
    set_webinar_status,
    webinar_audience,
)
from coordinator.scheduling.parties import Party
from coordinator.scheduling.webinars import coverage, session_shares
from coordinator.worktime import WorkWeek
from tests.unit.scheduling_factory import assign, community, volunteer

TUE, THU = 1, 3


def person(key: str, zone: str, days: Weekdays = MON_FRI) -> Party:
    return Party(key, key, "volunteer", WorkWeek(zone, time(9), time(17), days))


PEOPLE = (
    [
        person(f"eu{i}", z)
        for i, z in enumerate(
            ["Europe/Berlin", "Europe/London", "Europe/Madrid", "Africa/Lagos", "Europe/Warsaw"]
        )
    ]
    + [
        person(f"am{i}", z)
        for i, z in enumerate(["America/New_York", "America/Chicago", "America/Los_Angeles"])
    ]
    + [
        person(f"ap{i}", z)
        for i, z in enumerate(["Asia/Tokyo", "Australia/Sydney", "Asia/Singapore", "Asia/Kolkata"])
    ]
    + [person("il", "Asia/Jerusalem", Weekdays.parse("Sun-Thu")), person("np", "Asia/Kathmandu")]
)


def test_sessions_maximise_coverage_and_show_shares() -> None:
    day = nth_weekday(2026, 10, 2, TUE)
    one = plan_sessions(PEOPLE, day, 60, 1)
    three = plan_sessions(PEOPLE, day, 60, 3)
    assert len(one.sessions) == 1 and len(three.sessions) == 3
    assert three.total_share > one.total_share
    assert three.total_share == 1.0  # Europe, the Americas and Asia-Pacific each get one
    for session in three.sessions:
        # The share shown is the real coverage of that instant on that date.
        assert session.covered == coverage(PEOPLE, session.start, 60)
        assert session.share == len(session.covered) / len(PEOPLE)
        assert session.start.date() == day and session.start.minute in (0, 30)
        # Stored in a zone where the rule's date is the same day ("second Tuesday" stays so).
        assert session.start.astimezone(ZoneInfo(session.time_zone)).date() == day
        assert session.start.astimezone(ZoneInfo(session.time_zone)).time() == session.local_time
    assert sum(s.added_share for s in three.sessions) == three.total_share
    # The single best session is at least as good as any other half-hour of the day.
    best = one.sessions[0].share
    for k in range(48):
        start = datetime.combine(day, time(), UTC) + timedelta(minutes=30 * k)
        assert len(coverage(PEOPLE, start, 60)) / len(PEOPLE) <= best


def test_a_sun_thu_person_is_not_covered_on_friday() -> None:
    friday = date(2026, 10, 9)
    plan = plan_sessions([PEOPLE[-2]], friday, 60, 1)
    assert plan.sessions == () and plan.total_share == 0.0


def test_shares_change_with_dst_on_real_dates() -> None:
    # A 15:00 London session reaches New York (10:00) except while only the US is on DST.
    people = [person("ny", "America/New_York"), person("ldn", "Europe/London")]
    dates = [nth_weekday(2027, 3, 3, TUE), nth_weekday(2027, 4, 3, TUE)]  # 16 March, 20 April
    shares = session_shares(people, time(15), "Europe/London", dates, 60)
    assert [s for _, s in shares] == [1.0, 1.0]
    early = session_shares(people, time(13, 30), "Europe/London", dates, 60)
    assert [s for _, s in early] == [1.0, 0.5]  # 09:30 EDT in March, 08:30 EDT in April


def test_webinar_series_expand_and_record_attendance(database) -> None:
    with database.unit_of_work() as s:
        v = volunteer(s, "Europe/Berlin")
        c = community(s, "Asia/Kolkata")
        assign(s, v, c, date(2026, 9, 1), date(2027, 3, 1))
        people = webinar_audience(s)
        assert {p.role for p in people} == {"volunteer", "host"}
        series = create_webinar_series(
            s,
            title="Facilitation basics",
            ordinal=-1,
            weekday=THU,
            starts_on=date(2026, 9, 1),
            sessions=[(time(9), "Europe/Berlin", "EMEA"), (time(17), "America/New_York", "AMER")],
            track=WebinarTrack.TECHNICAL,
        )
        session_ids = [x.id for x in series.sessions]
        v_id, c_id = v.id, c.id
    with database.reading() as s:
        events = events_between(
            s, datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
        )
    assert [e.kind for e in events] == [WEBINAR, WEBINAR]
    emea, amer = events
    assert emea.uid == f"webinar-{session_ids[0]}@coordinator" and emea.title.endswith("(EMEA)")
    assert emea.start == datetime(2026, 10, 29, 8, 0, tzinfo=UTC)  # last Thursday, 09:00 CET
    assert amer.start == datetime(2026, 10, 29, 21, 0, tzinfo=UTC)  # 17:00 EDT
    assert emea.track == "technical skills" and emea.facilitator_ids == ()
    with database.unit_of_work() as s:
        record_attendance(
            s, emea.session_id, emea.original_start, facilitator_ids=[v_id], community_ids=[c_id]
        )
        set_webinar_status(s, amer.session_id, amer.original_start, OccurrenceStatus.CANCELLED)
    with database.reading() as s:
        assert len(s.scalars(select(Attendance)).all()) == 2
        assert len(s.scalars(select(WebinarOccurrence)).all()) == 2
        again = events_between(
            s, datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
        )
    assert [e.status for e in again] == [OccurrenceStatus.DONE, OccurrenceStatus.CANCELLED]
    with database.unit_of_work() as s:  # a smaller list replaces the previous one
        record_attendance(s, emea.session_id, emea.original_start, facilitator_ids=[v_id])
    with database.reading() as s:
        assert [a.facilitator_id for a in s.scalars(select(Attendance))] == [v_id]


def test_attendance_can_be_read_back(database) -> None:
    from coordinator.scheduling import webinar_attendance

    with database.unit_of_work() as s:
        v = volunteer(s, "Europe/Berlin")
        c = community(s, "Europe/Paris")
        series = create_webinar_series(
            s,
            title="Storytelling",
            ordinal=1,
            weekday=TUE,
            starts_on=date(2026, 9, 1),
            sessions=[(time(10), "Europe/Berlin", "")],
        )
        session_id, v_id, c_id = series.sessions[0].id, v.id, c.id
    start = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    with database.unit_of_work() as s:
        assert webinar_attendance(s, session_id, start) == (set(), set())
        record_attendance(s, session_id, start, facilitator_ids=[v_id], community_ids=[c_id])
    with database.reading() as s:
        assert webinar_attendance(s, session_id, start) == ({v_id}, {c_id})

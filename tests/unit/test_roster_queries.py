"""The roster view's queries: a volunteer's caseload, their agenda in their zone, the snapshot."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from coordinator import paths
from coordinator.db import Database, open_database
from coordinator.domain import AssignmentStatus, HealthBand, OccurrenceStatus
from coordinator.models import Facilitator
from coordinator.reminders import active_reminders, catch_up, dismiss, fire_due, next_due
from coordinator.roster import publish_roster
from coordinator.roster_reminders import VolunteerReminderStore, sessions_for
from coordinator.roster_view import (
    age_text,
    export_volunteer_calendar,
    find_volunteer,
    list_volunteers,
    load_roster,
    snapshot_info,
)
from coordinator.scheduling import cancel_check_in, create_webinar_series
from coordinator.scheduling.events import CHECK_IN, WEBINAR
from tests.unit.scheduling_factory import activity, assign, community, series, volunteer

TUE = 1
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday; Stockholm is UTC+1


@pytest.fixture
def programme(database: Database) -> dict[str, int]:
    """Mara (Stockholm) coaches two communities; Bo (Chicago) one; a monthly webinar."""
    with database.unit_of_work() as s:
        mara = volunteer(s, "Europe/Stockholm", name="Mara", start=time(8, 30), end=time(16, 30))
        finance = community(s, "Asia/Kathmandu", name="Finance Agile", host_email="hira@x.org")
        finance.host_name, finance.members = "Hira", 100
        legal = community(s, "America/Chicago", name="Legal Cloud")
        old = community(s, "Europe/Paris", name="Old CoP")
        start = date(2026, 11, 1)
        a = assign(s, mara, finance, start, date(2027, 5, 1))
        assign(s, mara, legal, start, date(2027, 4, 1))
        assign(s, mara, old, date(2026, 1, 1), date(2026, 7, 1), AssignmentStatus.ENDED)
        weekly = series(
            s, a, local_time=time(10), zone="Europe/Stockholm", weekday=TUE, starts_on=start
        )
        # 15 % of members active: the "active" band
        activity(s, finance.id, (9, 10), active_members=15, posts=10, replies=4)
        bo = volunteer(s, "America/Chicago", name="Bo")
        ops = community(s, "America/Denver", name="Ops CoP")
        b = assign(s, bo, ops, start, date(2027, 5, 1))
        other = series(s, b, local_time=time(9), zone="America/Chicago", starts_on=start)
        idle = volunteer(s, "Asia/Tokyo", name="Ida")
        idle.active = False
        create_webinar_series(
            s,
            title="Facilitation skills",
            ordinal=2,
            weekday=TUE,
            starts_on=date(2026, 10, 1),
            sessions=[(time(9), "Europe/London", "EMEA"), (time(17), "America/Chicago", "AMER")],
        )
        cancel_check_in(s, weekly.id, datetime(2026, 12, 1, 9, tzinfo=UTC))
        return {"mara": mara.id, "bo": bo.id, "series": weekly.id, "other": other.id}


def test_volunteers_are_listed_by_name_with_their_caseload(database, programme):
    rows = list_volunteers(database)
    assert [(r.name, r.caseload) for r in rows] == [("Bo", 1), ("Mara", 2)]
    everyone = list_volunteers(database, include_inactive=True)
    assert [r.name for r in everyone] == ["Bo", "Ida", "Mara"]
    assert find_volunteer(rows, f" {rows[1].email.upper()} ") == rows[1]
    assert find_volunteer(rows, "someone@else.org") is None
    assert find_volunteer(rows, "") is None


def test_caseload_has_hosts_bands_and_end_dates(database, programme):
    roster = load_roster(database, programme["mara"], now=NOW)
    assert roster.volunteer.name == "Mara"
    assert [c.community for c in roster.caseload] == ["Finance Agile", "Legal Cloud"]
    finance, legal = roster.caseload
    assert (finance.host_name, finance.host_email, finance.host_zone) == (
        "Hira",
        "hira@x.org",
        "Asia/Kathmandu",
    )
    assert finance.band == HealthBand.ACTIVE
    assert legal.band == HealthBand.UNKNOWN  # no activity imported
    assert finance.ends_on == date(2027, 5, 1)
    assert finance.days_left(NOW.date()) == (date(2027, 5, 1) - NOW.date()).days
    assert finance.next_check_in == datetime(2026, 11, 24, 9, tzinfo=UTC)
    assert legal.next_check_in is None  # no series: the view says so
    # 10:00 UTC is 15:45 in Kathmandu on a Monday: inside the default 09:00-17:00 Mon-Fri.
    assert finance.host_at_work(NOW)
    assert not finance.host_at_work(datetime(2026, 11, 23, 3, 0, tzinfo=UTC))


def test_upcoming_events_are_the_volunteers_own_in_their_zone(database, programme):
    roster = load_roster(database, programme["mara"], now=NOW, weeks=4)
    check_ins = [r for r in roster.upcoming if r.kind == CHECK_IN]
    webinars = [r for r in roster.upcoming if r.kind == WEBINAR]
    # Four Tuesdays (one cancelled), Bo's check-ins never.
    assert [r.local_start.date() for r in check_ins] == [
        date(2026, 11, 24),
        date(2026, 12, 1),
        date(2026, 12, 8),
        date(2026, 12, 15),
    ]
    assert all(r.uid == f"checkin-{programme['series']}@coordinator" for r in check_ins)
    assert {r.local_start.time() for r in check_ins} == {time(10)}
    assert all(r.zone == "Europe/Stockholm" for r in roster.upcoming)
    first = check_ins[0]
    assert first.title == "Check-in · Finance Agile"
    assert first.host_name == "Hira"
    assert first.host_start is not None and first.host_start.strftime("%H:%M") == "14:45"
    assert first.in_working_hours
    assert check_ins[1].cancelled and check_ins[1].status == OccurrenceStatus.CANCELLED
    assert roster.check_ins == 3
    # Second Tuesday of December: London 09:00 is 10:00 in Stockholm; Chicago 17:00 is midnight.
    shown = [(r.title, f"{r.local_start:%d %H:%M}", r.in_working_hours) for r in webinars]
    assert shown == [
        ("Webinar: Facilitation skills (EMEA)", "08 10:00", True),
        ("Webinar: Facilitation skills (AMER)", "09 00:00", False),
    ]
    assert roster.webinars == 2
    assert [r.start for r in roster.upcoming] == sorted(r.start for r in roster.upcoming)


def test_a_check_in_under_way_is_still_upcoming_until_it_ends(database, programme):
    during = datetime(2026, 11, 24, 9, 10, tzinfo=UTC)
    roster = load_roster(database, programme["mara"], now=during, weeks=1)
    assert roster.upcoming[0].start == datetime(2026, 11, 24, 9, tzinfo=UTC)
    after = load_roster(database, programme["mara"], now=during + timedelta(minutes=30), weeks=1)
    assert all(r.start > during for r in after.upcoming)


def test_unknown_volunteer(database, programme):
    with pytest.raises(LookupError, match="not in the roster"):
        load_roster(database, 999, now=NOW)


def test_working_hours_follow_daylight_saving(database, programme):
    profile = load_roster(database, programme["mara"], now=NOW).volunteer
    # 08:30 Stockholm is 07:30 UTC in winter and 06:30 UTC in summer.
    winter = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)
    summer = datetime(2026, 6, 16, 6, 30, tzinfo=UTC)
    assert profile.works_during(winter, winter + timedelta(minutes=30))
    assert profile.works_during(summer, summer + timedelta(minutes=30))
    assert not profile.works_during(winter - timedelta(hours=1), winter)
    saturday = datetime(2026, 11, 28, 10, tzinfo=UTC)
    assert not profile.works_during(saturday, saturday + timedelta(minutes=30))


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (-30, "just now"),
        (20, "just now"),
        (60, "1 minute ago"),
        (5 * 60, "5 minutes ago"),
        (3600, "1 hour ago"),
        (23 * 3600, "23 hours ago"),
        (30 * 3600, "yesterday"),
        (3 * 86400, "3 days ago"),
        (20 * 86400, "2 weeks ago"),
        (95 * 86400, "3 months ago"),
    ],
)
def test_age_text(seconds: int, text: str):
    assert age_text(NOW - timedelta(seconds=seconds), NOW) == text


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_live_database_and_published_snapshot(database, programme, tmp_path: Path):
    live = snapshot_info(database)
    assert live.live and live.banner_text(NOW) == "Live database (read-only)"
    out = publish_roster(database, tmp_path / "share" / "roster.sqlite3").path
    before = _digest(out)
    roster_db = open_database(out, read_only=True)
    try:
        info = snapshot_info(roster_db)
        assert not info.live and info.source == "roster.sqlite3"
        assert info.published_at is not None
        later = info.published_at + timedelta(days=3, hours=2)
        assert info.banner_text(later) == "Published 3 days ago by the lead"
        assert not info.is_old(later) and info.is_old(later + timedelta(days=12))
        assert [v.name for v in list_volunteers(roster_db)] == ["Bo", "Mara"]
        roster = load_roster(roster_db, programme["mara"], now=NOW)
        assert len(roster.caseload) == 2 and roster.check_ins == 3
    finally:
        roster_db.dispose()
    assert _digest(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["roster.sqlite3"]


def test_export_my_calendar_uses_the_calendar_export(database, programme, tmp_path: Path):
    out = tmp_path / "share" / "roster.sqlite3"
    publish_roster(database, out)
    before = _digest(out)
    roster_db = open_database(out, read_only=True)
    try:
        written = export_volunteer_calendar(roster_db, programme["mara"], tmp_path / "mara")
    finally:
        roster_db.dispose()
    assert written.path == tmp_path / "mara.ics"
    text = written.path.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR")
    assert f"UID:checkin-{programme['series']}@coordinator" in text
    assert f"checkin-{programme['other']}@coordinator" not in text  # Bo's check-ins
    # Mara's series (its cancelled Tuesday is an EXDATE) and the webinar's two sessions.
    assert text.count("BEGIN:VEVENT") == 3
    assert "Facilitation skills" in text
    assert _digest(out) == before


def test_roster_of_a_volunteer_without_anything(database: Database):
    with database.unit_of_work() as s:
        s.add(Facilitator(name="New", email="new@x.org", time_zone="Pacific/Auckland"))
    (entry,) = list_volunteers(database)
    roster = load_roster(database, entry.id, now=NOW)
    assert roster.caseload == () and roster.upcoming == ()


# -- a volunteer's reminders: events from the roster, state in a local file ------------------


def _store(database: Database, programme: dict[str, int], tmp_path: Path):  # type: ignore[no-untyped-def]
    out = publish_roster(database, tmp_path / "share" / "roster.sqlite3").path
    roster_db = open_database(out, read_only=True)
    store = VolunteerReminderStore(roster_db)
    store.follow(programme["mara"], sessions_for(roster_db, programme["mara"], NOW))
    return out, roster_db, store


def test_volunteer_reminders_run_on_a_local_file(database, programme, tmp_path: Path):
    out, roster_db, store = _store(database, programme, tmp_path)
    before = _digest(out)
    try:
        assert store.path.parent.parent == paths.data_dir()
        mine = f"checkin-{programme['series']}@coordinator"
        # First run: what is still ahead and already within its lead time (a day before).
        assert [(r.event.uid, r.lead_minutes) for r in catch_up(store.database, NOW)] == [
            (mine, 1440)
        ]
        # 15 minutes before Mara's Tuesday check-in (09:00 UTC); Bo's are never hers.
        fired = fire_due(store.database, datetime(2026, 11, 24, 8, 45, tzinfo=UTC))
        assert [(r.event.uid, r.lead_minutes) for r in fired] == [(mine, 15)]
        with store.database.reading() as s:
            assert len(active_reminders(s, datetime(2026, 11, 24, 8, 50, tzinfo=UTC))) == 1
            assert next_due(s, datetime(2026, 11, 24, 8, 50, tzinfo=UTC)) is not None
        dismiss(store.database, fired[0].key, datetime(2026, 11, 24, 8, 50, tzinfo=UTC))
        # The webinar: a day ahead of the London session (10:00 for Mara); the Chicago
        # session is at midnight for her and never reminds.
        day_before = fire_due(store.database, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
        assert sorted(r.event.title for r in day_before) == [
            "Check-in: Finance Agile · Mara",
            "Webinar: Facilitation skills (EMEA)",
        ]
        night = fire_due(store.database, datetime(2026, 12, 7, 23, 30, tzinfo=UTC))
        assert all("AMER" not in r.event.title for r in night)
    finally:
        store.dispose()
        roster_db.dispose()
    assert _digest(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["roster.sqlite3"]


def test_reminders_follow_the_chosen_volunteer(database, programme, tmp_path: Path):
    _out, roster_db, store = _store(database, programme, tmp_path)
    try:
        catch_up(store.database, NOW)
        store.follow(programme["bo"], sessions_for(roster_db, programme["bo"], NOW))
        # Bo's Monday check-in at 09:00 Chicago (15:00 UTC): reminded 15 minutes before.
        fired = fire_due(store.database, datetime(2026, 11, 23, 14, 45, tzinfo=UTC))
        assert [r.event.uid for r in fired] == [f"checkin-{programme['other']}@coordinator"]
        store.follow(None, None)
        assert fire_due(store.database, datetime(2026, 11, 30, 14, 45, tzinfo=UTC)) == []
    finally:
        store.dispose()
        roster_db.dispose()


def _on_a_server(database: Database) -> Database:
    """``database`` as the roster window sees a server: no file (on SQLite, the same engine)."""
    if database.path is None:
        return database
    return Database(url="postgresql://volunteers@host/cop", engine=database.engine)


def test_volunteer_reminders_on_a_server_run_on_a_local_mirror(database, programme, tmp_path):
    server = _on_a_server(database)
    store = VolunteerReminderStore(server, tmp_path / "state.sqlite3")
    try:
        assert store.mirror == tmp_path / "state-mirror.sqlite3"
        store.refresh()
        store.follow(programme["mara"], sessions_for(server, programme["mara"], NOW))
        mine = f"checkin-{programme['series']}@coordinator"
        assert [(r.event.uid, r.lead_minutes) for r in catch_up(store.database, NOW)] == [
            (mine, 1440)
        ]
        before, due = (
            datetime(2026, 11, 24, 8, 30, tzinfo=UTC),
            datetime(2026, 11, 24, 8, 45, tzinfo=UTC),
        )

        def next_one() -> datetime | None:
            with store.database.reading() as s:
                return next_due(s, before)

        assert next_one() == due  # 15 minutes before Tuesday's check-in
        # The lead cancels it on the server: the mirror is a copy until it is refreshed.
        with database.unit_of_work() as s:
            cancel_check_in(s, programme["series"], datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
        assert next_one() == due
        store.refresh()
        assert next_one() not in (None, due)
        assert fire_due(store.database, due) == []
    finally:
        store.dispose()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("state")) == [
        "state-mirror.sqlite3",
        "state.sqlite3",
    ]  # no partial copy left behind


def test_volunteer_reminders_with_odd_characters_in_every_path(
    database, programme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("COORDINATOR_HOME", str(tmp_path / "home ?#% åäö"))
    out = publish_roster(database, tmp_path / "sh?are #1 %20" / "roster?.sqlite3").path
    roster_db = open_database(out, read_only=True)
    store = VolunteerReminderStore(roster_db)
    try:
        assert "?" in str(store.path)
        store.follow(programme["mara"], sessions_for(roster_db, programme["mara"], NOW))
        assert len(catch_up(store.database, NOW)) == 1
        assert store.database.path == store.path
    finally:
        store.dispose()
        roster_db.dispose()
    assert store.path.exists()
    mirror = VolunteerReminderStore(_on_a_server(database), tmp_path / "odd ?#%" / "state.sqlite3")
    try:
        mirror.refresh()
        assert mirror.mirror is not None and mirror.mirror.exists()
    finally:
        mirror.dispose()

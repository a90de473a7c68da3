"""A re-export after a change updates the same UIDs with a higher SEQUENCE; nothing duplicates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
from sqlalchemy import select

from coordinator.db import Database, open_database
from coordinator.domain import OccurrenceStatus
from coordinator.ics.calendar import build_ics
from coordinator.ics.scopes import CalendarScope, ScopeKind
from coordinator.models import Assignment, CheckInSeries, WebinarSession
from coordinator.roster import publish_roster
from coordinator.scheduling import (
    build_schedule,
    cancel_check_in,
    events_between,
    log_check_in,
    move_check_in,
    restore_check_in,
    set_webinar_status,
)
from tests.unit.ics_factory import (
    END,
    START,
    WINDOW,
    change_programme,
    expected,
    occurrences,
    odd_zone_programme,
    recurring_occurrences,
    vobject_occurrences,
)

PROGRAMME = CalendarScope(ScopeKind.PROGRAMME)


def export(database: Database) -> bytes:
    with database.reading() as s:
        return build_ics(s, PROGRAMME, START, END)[0]


def components(data: bytes) -> dict[tuple[str, datetime | None], icalendar.Event]:
    """VEVENTs by (UID, RECURRENCE-ID as UTC, None for the master)."""
    found = {}
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        rid = event.get("RECURRENCE-ID")
        found[(str(event["UID"]), rid.dt.astimezone(UTC) if rid else None)] = event
    return found


def sequences(data: bytes) -> dict[str, int]:
    return {uid: int(e["SEQUENCE"]) for (uid, rid), e in components(data).items() if rid is None}


def test_moves_and_cancellations_raise_sequence_and_keep_uids(database: Database) -> None:
    ids = odd_zone_programme(database)
    before = export(database)
    change_programme(database, ids)
    after = export(database)
    old, new = sequences(before), sequences(after)
    assert set(old) == set(new)  # the same series: updated, not duplicated
    touched = {f"checkin-{ids.series[i]}@coordinator" for i in (0, 3, 4, 5)}
    touched |= {f"webinar-{ids.sessions[0]}@coordinator", f"webinar-{ids.sessions[-1]}@coordinator"}
    for uid in old:
        assert (new[uid] > old[uid]) == (uid in touched), uid
    parts = components(after)
    moved = [key for key in parts if key[1] is not None]
    assert len(moved) == 4  # three check-ins and one webinar moved
    for uid, rid in moved:
        override, master = parts[(uid, rid)], parts[(uid, None)]
        assert override["SEQUENCE"] >= master["SEQUENCE"]
        assert override["RECURRENCE-ID"].params["TZID"] == master["DTSTART"].params["TZID"]
        assert override["DTSTART"].dt.astimezone(UTC) != rid
        assert str(override["DESCRIPTION"]).startswith("Moved from ")
    chatham = parts[(f"checkin-{ids.series[3]}@coordinator", None)]
    exdates = [d.dt for prop in [chatham["EXDATE"]] for d in prop.dts]
    assert len(exdates) == 1 and exdates[0].tzinfo is not None
    assert exdates[0].date() in (date(2027, 4, 2), date(2027, 4, 5), date(2027, 4, 9))
    assert vobject_occurrences(after) == expected(database) == recurring_occurrences(after)


def test_reslotting_a_series_raises_its_sequence(database: Database) -> None:
    ids = odd_zone_programme(database)
    before = sequences(export(database))
    with database.unit_of_work() as s:
        assignment = s.scalars(
            select(Assignment).where(Assignment.community_id == ids.communities[7])
        ).one()
        assignment.ends_on = date(2027, 3, 1)
        build_schedule(s, start=date(2026, 12, 1), months=12)
    after_data = export(database)
    after = sequences(after_data)
    uid = f"checkin-{ids.series[7]}@coordinator"
    assert after[uid] > before[uid]
    assert {k: v for k, v in after.items() if k != uid} == {
        k: v for k, v in before.items() if k != uid
    }
    assert vobject_occurrences(after_data) == expected(database)


def test_log_does_not_raise_sequence_but_restore_does(database: Database) -> None:
    ids = odd_zone_programme(database)
    first = next(e for e in occurrences(database) if e.series_id == ids.series[1])
    uid = first.uid
    with database.unit_of_work() as s:
        log_check_in(
            s,
            first.series_id,
            first.original_start,
            OccurrenceStatus.DONE,
            now=first.start + timedelta(hours=1),
        )
    assert sequences(export(database))[uid] == 0  # a logged check-in looks the same
    with database.unit_of_work() as s:
        cancel_check_in(s, first.series_id, first.original_start)
    assert sequences(export(database))[uid] == 1
    with database.unit_of_work() as s:
        restore_check_in(s, first.series_id, first.original_start)
    data = export(database)
    assert sequences(data)[uid] == 2  # the EXDATE is gone again: a newer version
    assert "EXDATE" not in components(data)[(uid, None)]


def test_the_series_keeps_count_of_what_changes_the_calendar(
    database: Database, tmp_path: Path
) -> None:
    ids = odd_zone_programme(database)
    events = occurrences(database)
    check_in = next(e for e in events if e.series_id == ids.series[2] and e.kind == "check-in")
    webinar = next(e for e in events if e.session_id == ids.sessions[1])
    with database.reading() as s:
        before = {
            "check_in": s.get(CheckInSeries, ids.series[2]).sequence,
            "webinar": s.get(WebinarSession, ids.sessions[1]).sequence,
            "sibling": s.get(WebinarSession, ids.sessions[0]).sequence,
        }
    with database.unit_of_work() as s:
        move_check_in(
            s, check_in.series_id, check_in.original_start, check_in.start + timedelta(hours=1)
        )
        move_check_in(
            s, check_in.series_id, check_in.original_start, check_in.start + timedelta(hours=2)
        )
        log_check_in(s, check_in.series_id, check_in.original_start, OccurrenceStatus.DONE)
        set_webinar_status(s, ids.sessions[1], webinar.original_start, OccurrenceStatus.DONE)
        set_webinar_status(s, ids.sessions[1], webinar.original_start, OccurrenceStatus.CANCELLED)
        cancel_check_in(
            s, ids.series[3], next(e.original_start for e in events if e.series_id == ids.series[3])
        )
    with database.reading() as s:
        assert s.get(CheckInSeries, ids.series[2]).sequence == before["check_in"] + 2
        # "done" changes nothing a calendar shows; the cancellation does.
        assert s.get(WebinarSession, ids.sessions[1]).sequence == before["webinar"] + 1
        assert s.get(WebinarSession, ids.sessions[0]).sequence == before["sibling"]
    # A volunteer's export from a roster snapshot (no audit log) says the same as the lead's.
    roster = open_database(
        publish_roster(database, tmp_path / "roster.sqlite3").path, read_only=True
    )
    try:
        with roster.reading() as s:
            from_roster = build_ics(s, PROGRAMME, START, END)[0]
    finally:
        roster.dispose()
    assert sequences(from_roster) == sequences(export(database))


def test_a_fully_cancelled_series_is_cancelled(database: Database) -> None:
    ids = odd_zone_programme(database)
    series_id = ids.series[6]
    with database.unit_of_work() as s:
        s.get(CheckInSeries, series_id).until_on = date(2026, 9, 20)
    with database.reading() as s:  # from before the window: Auckland is ahead of UTC
        everything = events_between(s, WINDOW[0] - timedelta(days=2), WINDOW[1])
    doomed = [e for e in everything if e.series_id == series_id]
    assert len(doomed) == 3
    with database.unit_of_work() as s:
        for event in doomed:
            cancel_check_in(s, series_id, event.original_start)
    master = components(export(database))[(f"checkin-{series_id}@coordinator", None)]
    assert master["STATUS"] == "CANCELLED"
    assert master["SEQUENCE"] == len(doomed)


def test_a_move_the_shortened_rule_no_longer_gives_gets_an_rdate(database: Database) -> None:
    ids = odd_zone_programme(database)
    series_id = ids.series[8]
    late = [e for e in occurrences(database) if e.series_id == series_id][-3]
    with database.unit_of_work() as s:
        move_check_in(s, series_id, late.original_start, late.start + timedelta(hours=1))
        s.get(CheckInSeries, series_id).until_on = date(2027, 6, 1)  # shortened afterwards
    data = export(database)
    master = components(data)[(f"checkin-{series_id}@coordinator", None)]
    assert master["RDATE"].dts[0].dt.astimezone(UTC) == late.original_start
    assert vobject_occurrences(data) == expected(database) == recurring_occurrences(data)
    assert late.start + timedelta(hours=1) in {o[1] for o in expected(database)}

"""Choosing check-in slots: inside both working weeks on every real date, across DST."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from coordinator.domain import MON_FRI, Cadence, Weekdays
from coordinator.scheduling.recurrence import ClockCache, rule_dates
from coordinator.scheduling.slots import (
    Busy,
    SlotChecker,
    SlotChoice,
    choose_check_in_slot,
    evaluate,
)
from coordinator.worktime import WorkWeek, is_ambiguous, is_nonexistent

SUN_THU = Weekdays.parse("Sun-Thu")
SUNDAY = Weekdays.of([6])


def week(
    zone: str, start: int | time = 9, end: int | time = 17, days: Weekdays = MON_FRI
) -> WorkWeek:
    as_time = lambda v: v if isinstance(v, time) else time(v)  # noqa: E731
    return WorkWeek(zone, as_time(start), as_time(end), days)


def occurrences(choice) -> list[datetime]:
    clock = ClockCache()[choice.time_zone]
    dates = rule_dates(
        choice.cadence,
        choice.weekday,
        choice.starts_on,
        choice.until_on,
        choice.starts_on,
        choice.until_on,
        choice.days,
    )
    return [clock.instant(d, choice.local_time) for d in dates]


def inside(w: WorkWeek, start: datetime, minutes: int) -> bool:
    local = start.astimezone(ZoneInfo(w.time_zone))
    end = (start + timedelta(minutes=minutes)).astimezone(ZoneInfo(w.time_zone))
    return (
        local.weekday() in w.days
        and w.start <= local.time()
        and end.time() <= w.end
        and end.date() == local.date()
    )


PAIRS = [
    # volunteer, host, period spanning the DST changes that matter
    (week("Asia/Kolkata"), week("Europe/Stockholm"), date(2026, 10, 1), date(2027, 4, 30)),
    # US and EU change three weeks apart: overlap differs in between.
    (week("America/New_York"), week("Europe/Berlin"), date(2027, 2, 15), date(2027, 4, 15)),
    (week("America/New_York"), week("Europe/Berlin"), date(2026, 10, 1), date(2026, 11, 30)),
    # Sydney and Auckland change a week apart, in opposite season to the north.
    (week("Australia/Sydney"), week("Pacific/Auckland"), date(2026, 3, 15), date(2026, 10, 31)),
    # Lord Howe moves by half an hour.
    (week("Australia/Lord_Howe"), week("Australia/Perth"), date(2026, 3, 1), date(2026, 10, 31)),
    # Nepal (+05:45, no DST) with a Sun–Thu week in Israel (DST dates differ from the EU's).
    (
        week("Asia/Kathmandu"),
        week("Asia/Jerusalem", days=SUN_THU),
        date(2026, 3, 1),
        date(2026, 11, 30),
    ),
    (
        week("Asia/Jerusalem", days=SUN_THU),
        week("Europe/London"),
        date(2026, 3, 1),
        date(2026, 11, 30),
    ),
    # Across the date line.
    (
        week("Pacific/Auckland"),
        week("America/Los_Angeles", 8, 17),
        date(2026, 9, 1),
        date(2027, 4, 30),
    ),
]


@pytest.mark.parametrize("cadence", [Cadence.WEEKLY, Cadence.FORTNIGHTLY, Cadence.DAILY])
@pytest.mark.parametrize(("vol", "host", "first", "last"), PAIRS)
def test_slot_is_inside_both_weeks_on_every_date(vol, host, first, last, cadence) -> None:
    choice = choose_check_in_slot(vol, host, cadence, 30, first, last)
    assert choice is not None and choice.valid_share == 1.0
    assert choice.time_zone == vol.time_zone  # kept in the volunteer's zone
    starts = occurrences(choice)
    assert starts and len(starts) == choice.dates
    zone = ZoneInfo(vol.time_zone)
    for start in starts:
        assert inside(vol, start, 30), start
        assert inside(host, start, 30), (start, start.astimezone(ZoneInfo(host.time_zone)))
        assert start.astimezone(zone).time() == choice.local_time  # never drifts


def test_a_slot_valid_on_one_date_only_is_not_taken() -> None:
    """New York 09–17 vs Berlin 09–17 in March 2027: 11:30 NY works only while the US is
    on summer time and Europe is not; the chooser must pick a time valid all month."""
    vol, host = week("America/New_York"), week("Europe/Berlin")
    first, last = date(2027, 3, 1), date(2027, 4, 9)
    checker = SlotChecker(vol, host, first, last, ClockCache())
    mondays = list(rule_dates(Cadence.WEEKLY, 0, first, last, first, last))
    good = evaluate(checker, mondays, time(11, 30), 30, ())
    assert 0 < good < len(mondays)  # only on 15 and 22 March
    choice = choose_check_in_slot(vol, host, Cadence.WEEKLY, 30, first, last)
    assert choice.local_time <= time(10, 30) and choice.valid_share == 1.0


def new_york_sunday_slot(
    hours: tuple[int, int], host_hours: tuple[int, int], first: date, last: date
) -> SlotChoice | None:
    """The weekly 30-minute slot chosen for a New York volunteer and a UTC host, both working
    on Sundays only (in those hours)."""
    vol = week("America/New_York", *hours, SUNDAY)
    host = week("UTC", *host_hours, SUNDAY)
    return choose_check_in_slot(vol, host, Cadence.WEEKLY, 30, first, last)


def test_slot_never_in_a_spring_gap() -> None:
    """A Sunday-night worker in New York: 02:xx does not exist on 8 March, so 03:00 it is."""
    choice = new_york_sunday_slot((2, 4), (6, 9), date(2026, 3, 1), date(2026, 3, 31))
    assert choice.local_time == time(3, 0)
    ny = ZoneInfo("America/New_York")
    for start in occurrences(choice):
        wall = start.astimezone(ny).replace(tzinfo=None)
        assert not is_nonexistent(wall, ny) and wall.time() == time(3)


def test_slot_never_in_an_autumn_fold() -> None:
    """01:xx happens twice on 1 November in New York: the chooser avoids it."""
    choice = new_york_sunday_slot((1, 3), (5, 9), date(2026, 10, 18), date(2026, 11, 15))
    assert choice.local_time == time(2, 0)
    ny = ZoneInfo("America/New_York")
    assert not any(
        is_ambiguous(s.astimezone(ny).replace(tzinfo=None), ny) for s in occurrences(choice)
    )


def test_no_shared_time_gives_no_slot() -> None:
    # Honolulu 09-12 and Berlin 09-17 never meet within a working day.
    assert (
        choose_check_in_slot(
            week("Pacific/Honolulu", 9, 12),
            week("Europe/Berlin"),
            Cadence.WEEKLY,
            30,
            date(2026, 9, 1),
            date(2026, 12, 1),
        )
        is None
    )


def test_busy_times_are_never_double_booked() -> None:
    vol, host = week("Europe/Madrid", 9, 10), week("Europe/Madrid", 9, 10)
    busy = Busy()
    first, last = date(2026, 9, 7), date(2026, 10, 30)
    taken: list[tuple[int, int]] = []
    for _ in range(10):  # 5 days × 2 half-hours: exactly full
        choice = choose_check_in_slot(vol, host, Cadence.WEEKLY, 30, first, last, busy=(busy,))
        assert choice is not None and choice.valid_share == 1.0
        for start in occurrences(choice):
            minute = int(start.timestamp() // 60)
            assert not busy.overlaps(minute, minute + 30)
            busy.add(minute, minute + 30)
            taken.append((minute, minute + 30))
    assert choose_check_in_slot(vol, host, Cadence.WEEKLY, 30, first, last, busy=(busy,)) is None


def test_fortnightly_series_share_a_slot_on_alternate_weeks() -> None:
    vol = host = week("Europe/Oslo", 9, time(9, 30), Weekdays.of([0]))
    busy = Busy()
    first, last = date(2026, 9, 1), date(2026, 12, 31)
    choices = []
    for _ in range(2):
        choice = choose_check_in_slot(vol, host, Cadence.FORTNIGHTLY, 30, first, last, busy=(busy,))
        for start in occurrences(choice):
            minute = int(start.timestamp() // 60)
            busy.add(minute, minute + 30)
        choices.append(choice)
    # Both fit into the single weekly half-hour, on alternate Mondays.
    assert [c.starts_on for c in choices] == [date(2026, 9, 7), date(2026, 9, 14)]
    assert {c.local_time for c in choices} == {time(9)}


def test_busy_interval_queries() -> None:
    busy = Busy()
    busy.add(100, 130)
    busy.add(200, 260)
    assert busy.overlaps(120, 140) and busy.overlaps(90, 101) and busy.overlaps(250, 300)
    assert not busy.overlaps(130, 200) and not busy.overlaps(0, 100) and not busy.overlaps(260, 999)

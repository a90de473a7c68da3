"""Rules expanded by date arithmetic; wall times kept across DST in many regions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from coordinator.domain import Cadence
from coordinator.scheduling.recurrence import (
    ZoneClock,
    check_in_rule,
    monthly_dates,
    nth_weekday,
    rule_dates,
    webinar_rule,
)
from coordinator.worktime import is_nonexistent, to_utc

TUE, THU, FRI = 1, 3, 4


@pytest.mark.parametrize(
    ("year", "month", "ordinal", "weekday", "expected"),
    [
        (2026, 9, 2, TUE, date(2026, 9, 8)),  # "second Tuesday"
        (2026, 9, 1, TUE, date(2026, 9, 1)),  # the 1st itself is a Tuesday
        (2026, 12, 4, THU, date(2026, 12, 24)),
        (2026, 10, -1, THU, date(2026, 10, 29)),  # "last Thursday"
        (2026, 7, -1, FRI, date(2026, 7, 31)),  # the month's last day is that weekday
        (2027, 2, -1, 6, date(2027, 2, 28)),  # last Sunday of a 28-day February
        (2028, 2, -1, TUE, date(2028, 2, 29)),  # leap day
    ],
)
def test_nth_and_last_weekday(year, month, ordinal, weekday, expected) -> None:
    assert nth_weekday(year, month, ordinal, weekday) == expected


def test_fifth_weekday_is_not_a_rule() -> None:
    with pytest.raises(ValueError, match="ordinal"):
        nth_weekday(2026, 9, 5, TUE)


def test_monthly_dates_cross_the_year_and_respect_bounds() -> None:
    dates = list(
        monthly_dates(
            2, TUE, date(2026, 11, 11), date(2027, 3, 9), date(2026, 1, 1), date(2027, 12, 31)
        )
    )
    # November's second Tuesday (10th) is before the series starts; March 9th is its last day.
    assert dates == [date(2026, 12, 8), date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9)]


def test_weekly_daily_and_fortnightly_cadences() -> None:
    start, until = date(2026, 9, 2), date(2026, 10, 31)  # a Wednesday
    weekly = list(
        rule_dates(Cadence.WEEKLY, FRI, start, until, date(2026, 9, 1), date(2026, 9, 30))
    )
    assert weekly == [date(2026, 9, 4), date(2026, 9, 11), date(2026, 9, 18), date(2026, 9, 25)]
    daily = list(
        rule_dates(Cadence.DAILY, 0, start, until, date(2026, 9, 1), date(2026, 9, 8), {0, 2, 4})
    )
    assert daily == [date(2026, 9, 2), date(2026, 9, 4), date(2026, 9, 7)]
    # Fortnightly keeps its parity from the series start whatever window is asked for.
    fortnightly = list(
        rule_dates(Cadence.FORTNIGHTLY, FRI, start, until, date(2026, 9, 12), date(2026, 10, 31))
    )
    assert fortnightly == [
        date(2026, 9, 18),
        date(2026, 10, 2),
        date(2026, 10, 16),
        date(2026, 10, 30),
    ]
    assert (
        list(rule_dates(Cadence.WEEKLY, FRI, start, until, date(2026, 11, 1), date(2026, 12, 1)))
        == []
    )


def test_rrules_for_the_export() -> None:
    assert check_in_rule(Cadence.FORTNIGHTLY, TUE, None, None).as_ical() == {
        "freq": "weekly",
        "interval": 2,
        "byday": ["TU"],
    }
    assert check_in_rule(Cadence.DAILY, 0, None, (6, 0, 1, 2, 3)).byday == (
        "MO",
        "TU",
        "WE",
        "TH",
        "SU",
    )
    assert webinar_rule(-1, THU, None).byday == ("-1TH",)


ZONES = [
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Santiago",  # transitions at midnight
    "Australia/Sydney",
    "Australia/Lord_Howe",  # 30-minute DST shift
    "Pacific/Auckland",
    "Pacific/Chatham",  # +12:45 / +13:45
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Jerusalem",
    "America/St_Johns",
]


@pytest.mark.parametrize("zone", ZONES)
def test_zone_clock_matches_to_utc_on_every_day(zone: str) -> None:
    clock, tz = ZoneClock(zone), ZoneInfo(zone)
    day = date(2026, 1, 1)
    while day <= date(2027, 1, 1):
        for wall in (
            time(0),
            time(0, 30),
            time(1, 30),
            time(2, 15),
            time(2, 30),
            time(9),
            time(23, 45),
        ):
            assert clock.instant(day, wall) == to_utc(datetime.combine(day, wall), tz), (day, wall)
        day += timedelta(days=1)


def _weekly_at(zone: str, wall: time, first: date, last: date) -> list[datetime]:
    clock = ZoneClock(zone)
    dates = rule_dates(Cadence.WEEKLY, first.weekday(), first, None, first, last)
    return [clock.instant(d, wall) for d in dates]


@pytest.mark.parametrize(
    ("zone", "first", "last", "utc_before", "utc_after"),
    [
        # Europe: CET → CEST on 29 March 2026, back on 25 October.
        ("Europe/Berlin", date(2026, 3, 23), date(2026, 4, 6), "08:00", "07:00"),
        ("Europe/Berlin", date(2026, 10, 19), date(2026, 11, 2), "07:00", "08:00"),
        # US: EST → EDT on 8 March 2026 (three weeks before Europe).
        ("America/New_York", date(2026, 3, 2), date(2026, 3, 16), "14:00", "13:00"),
        ("America/New_York", date(2026, 10, 26), date(2026, 11, 9), "13:00", "14:00"),
        # Australia: Sydney leaves DST on 5 April 2026, Lord Howe moves by half an hour.
        ("Australia/Sydney", date(2026, 3, 30), date(2026, 4, 13), "22:00", "23:00"),
        ("Australia/Lord_Howe", date(2026, 3, 30), date(2026, 4, 13), "22:00", "22:30"),
        ("Australia/Lord_Howe", date(2026, 9, 28), date(2026, 10, 12), "22:30", "22:00"),
        # New Zealand: into DST on 27 September 2026 (a week before Sydney).
        ("Pacific/Auckland", date(2026, 9, 21), date(2026, 10, 5), "21:00", "20:00"),
        # Israel: into DST on Friday 27 March 2026, two days before the EU.
        ("Asia/Jerusalem", date(2026, 3, 22), date(2026, 3, 29), "07:00", "06:00"),
        # India and Nepal: no DST; Nepal's +05:45 stays.
        ("Asia/Kolkata", date(2026, 3, 2), date(2026, 11, 9), "03:30", "03:30"),
        ("Asia/Kathmandu", date(2026, 3, 2), date(2026, 11, 9), "03:15", "03:15"),
    ],
)
def test_wall_time_stays_across_dst(zone, first, last, utc_before, utc_after) -> None:
    """A 09:00 series stays at 09:00 local; its UTC instant moves with the offset."""
    wall = time(9)
    starts = _weekly_at(zone, wall, first, last)
    tz = ZoneInfo(zone)
    assert {s.astimezone(tz).time() for s in starts} == {wall}
    assert f"{starts[0]:%H:%M}" == utc_before
    assert f"{starts[-1]:%H:%M}" == utc_after
    # Never drifts by an hour: exactly one offset change (or none) over the period.
    assert len({f"{s:%H:%M}" for s in starts}) == (1 if utc_before == utc_after else 2)
    assert all(s.tzinfo == UTC for s in starts)


def test_a_slot_in_the_spring_gap_moves_forward_by_the_gap() -> None:
    clock, ny = ZoneClock("America/New_York"), ZoneInfo("America/New_York")
    dates = list(
        rule_dates(Cadence.DAILY, 0, date(2026, 3, 7), None, date(2026, 3, 7), date(2026, 3, 9))
    )
    starts = [clock.instant(d, time(2, 30)) for d in dates]
    local = [s.astimezone(ny) for s in starts]
    assert [f"{t:%m-%d %H:%M%z}" for t in local] == [
        "03-07 02:30-0500",
        "03-08 03:30-0400",  # 02:30 does not exist that night
        "03-09 02:30-0400",
    ]
    assert not any(is_nonexistent(t.replace(tzinfo=None), ny) for t in local)


def test_a_slot_in_the_autumn_fold_takes_the_first_occurrence_once() -> None:
    clock, ny = ZoneClock("America/New_York"), ZoneInfo("America/New_York")
    start = clock.instant(date(2026, 11, 1), time(1, 30))
    assert start == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT, not EST
    assert start.astimezone(ny).fold == 0


def test_lord_howe_half_hour_gap() -> None:
    clock = ZoneClock("Australia/Lord_Howe")
    start = clock.instant(date(2026, 10, 4), time(2, 15))
    assert (
        start.astimezone(ZoneInfo("Australia/Lord_Howe")).isoformat() == "2026-10-04T02:45:00+11:00"
    )

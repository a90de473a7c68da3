"""Working hours on real dates, DST gaps and folds, overlap across odd zones."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from coordinator.domain import MON_FRI, Weekdays
from coordinator.worktime import (
    WorkWeek,
    is_ambiguous,
    is_nonexistent,
    overlap_minutes_per_week,
    to_utc,
    utc_offset_text,
)


@pytest.mark.parametrize(
    ("zone", "wall", "expected_local"),
    [
        # Gaps move forward by their length.
        ("America/New_York", datetime(2026, 3, 8, 2, 30), "2026-03-08T03:30:00-04:00"),
        ("Australia/Lord_Howe", datetime(2026, 10, 4, 2, 15), "2026-10-04T02:45:00+11:00"),
        ("Europe/Berlin", datetime(2026, 3, 29, 2, 0), "2026-03-29T03:00:00+02:00"),
        # Folds take the first occurrence.
        ("America/New_York", datetime(2026, 11, 1, 1, 30), "2026-11-01T01:30:00-04:00"),
        ("Australia/Sydney", datetime(2026, 4, 5, 2, 30), "2026-04-05T02:30:00+11:00"),
    ],
)
def test_to_utc_resolves_gaps_and_folds_on_purpose(zone, wall, expected_local) -> None:
    tz = ZoneInfo(zone)
    assert to_utc(wall, tz).astimezone(tz).isoformat() == expected_local


def test_gap_and_fold_detection() -> None:
    ny = ZoneInfo("America/New_York")
    assert is_nonexistent(datetime(2026, 3, 8, 2, 30), ny)
    assert not is_nonexistent(datetime(2026, 3, 8, 3, 30), ny)
    assert is_ambiguous(datetime(2026, 11, 1, 1, 30), ny)
    assert not is_ambiguous(datetime(2026, 11, 1, 3, 0), ny)


def test_overlap_changes_with_dst_on_real_dates() -> None:
    london = WorkWeek("Europe/London", time(9), time(17), MON_FRI)
    new_york = WorkWeek("America/New_York", time(9), time(17), MON_FRI)
    # Mid-March: the US has moved its clocks, the UK not yet: 4 h a day instead of 3.
    march = overlap_minutes_per_week(london, new_york, date(2026, 3, 9), date(2026, 3, 15))
    june = overlap_minutes_per_week(london, new_york, date(2026, 6, 8), date(2026, 6, 14))
    assert march == 5 * 4 * 60
    assert june == 5 * 3 * 60


def test_sun_thu_week_against_mon_fri_week_shares_four_days() -> None:
    jerusalem = WorkWeek("Asia/Jerusalem", time(9), time(17), Weekdays.parse("Sun-Thu"))
    kathmandu = WorkWeek("Asia/Kathmandu", time(9), time(17), MON_FRI)
    # Kathmandu is 3 h 45 min ahead of Jerusalem in winter: 4 h 15 min shared, Mon–Thu.
    minutes = overlap_minutes_per_week(jerusalem, kathmandu, date(2026, 1, 11), date(2026, 1, 17))
    assert minutes == 4 * (4 * 60 + 15)


def test_overlap_across_the_date_line_pairs_different_weekdays() -> None:
    auckland = WorkWeek("Pacific/Auckland", time(9), time(17), MON_FRI)
    honolulu = WorkWeek("Pacific/Honolulu", time(9), time(12), MON_FRI)
    # Honolulu's Monday 11:00-12:00 is Auckland's Tuesday 09:00-10:00: Honolulu's Friday
    # falls on Auckland's Saturday, so 4 days of one hour.
    week = overlap_minutes_per_week(auckland, honolulu, date(2026, 7, 6), date(2026, 7, 12))
    assert week == 4 * 60


def test_offset_text_for_odd_zones() -> None:
    at = datetime(2026, 1, 15, tzinfo=ZoneInfo("UTC"))
    assert utc_offset_text("Asia/Kathmandu", at) == "UTC+05:45"
    assert utc_offset_text("America/St_Johns", at) == "UTC-03:30"
    assert utc_offset_text("Atlantic/Reykjavik", at) == "UTC"

"""Our RRULE-style VTIMEZONEs give the same offsets as the IANA database, read by vobject."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject

from coordinator.ics.vtimezone import vtimezone

ODD_ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "America/St_Johns",  # -03:30 with DST
    "America/Sao_Paulo",  # DST abolished
    "Australia/Sydney",
    "Australia/Adelaide",  # +09:30 / +10:30
    "Australia/Lord_Howe",  # half-hour DST shift
    "Pacific/Auckland",
    "Pacific/Chatham",  # +12:45 / +13:45
    "Asia/Kathmandu",  # +05:45, no DST
    "Asia/Kolkata",
    "Asia/Tehran",  # DST abolished in 2022
    "Asia/Jerusalem",  # Friday before the last Sunday: not one yearly rule
    "Africa/Casablanca",  # negative DST during Ramadan
    "Pacific/Kiritimati",  # +14, across the date line
    "Pacific/Pago_Pago",  # -11
]


def _parsed(zone: str, first: date, last: date):  # type: ignore[no-untyped-def]
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + vtimezone(zone, first, last).to_ical().decode()
        + "END:VCALENDAR\r\n"
    )
    return vobject.readOne(text).vtimezone.gettzinfo(), text


@pytest.mark.parametrize("zone", ODD_ZONES)
def test_offsets_match_the_tz_database_hour_by_hour(zone: str) -> None:
    first, last = date(2026, 11, 1), date(2027, 12, 31)
    parsed, _ = _parsed(zone, first, last)
    expected = ZoneInfo(zone)
    instant = datetime(2026, 11, 1, tzinfo=UTC)
    mismatches = []
    while instant < datetime(2028, 1, 1, tzinfo=UTC):
        if instant.astimezone(parsed).utcoffset() != instant.astimezone(expected).utcoffset():
            mismatches.append(instant)
        instant += timedelta(hours=1)
    assert mismatches == []


def test_regular_zones_use_yearly_rules_not_date_lists() -> None:
    _, text = _parsed("Europe/Berlin", date(2026, 1, 1), date(2028, 12, 31))
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "RDATE" not in text
    _, text = _parsed("America/New_York", date(2026, 1, 1), date(2028, 12, 31))
    assert "BYDAY=2SU;BYMONTH=3" in text and "BYDAY=1SU;BYMONTH=11" in text


def test_zone_without_dst_is_one_standard_observance() -> None:
    _, text = _parsed("Asia/Kathmandu", date(2026, 1, 1), date(2027, 12, 31))
    assert text.count("BEGIN:STANDARD") == 1
    assert "BEGIN:DAYLIGHT" not in text
    assert "TZOFFSETTO:+0545" in text

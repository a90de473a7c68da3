"""Our content lines are byte for byte what icalendar writes for the same values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser import Contentline
from icalendar.prop import vCalAddress, vDDDTypes, vDuration, vRecur, vText

from coordinator.ics import writer as w

AWKWARD = 'Ventas, Marketing; "Growth" Café\\Ops\n東京 データ — Ωmega 𝄞 ^caret'


def icalendar_line(name: str, value: object) -> str:
    """How icalendar serialises one property (folded, without the final CRLF)."""
    params = getattr(value, "params", icalendar.Parameters())
    return Contentline.from_parts(name, params, value).to_ical().decode("utf-8")


@given(st.text(alphabet=st.sampled_from('ab;,:\\^ "ü€𝄞日本\t'), max_size=400))
def test_folding_matches_icalendar(text: str) -> None:
    line = f"DESCRIPTION:{text}"
    assert w.fold(line) == Contentline(line).to_ical().decode("utf-8")


@given(st.text(max_size=300).filter(lambda t: "\r" not in t))
def test_text_lines_match_icalendar(text: str) -> None:
    assert w.line("SUMMARY", w.text(text)) == icalendar_line("SUMMARY", vText(text))


def test_awkward_text_round_trips_through_icalendar() -> None:
    line = w.line("DESCRIPTION", w.text(AWKWARD))
    assert "\\," in line and "\\;" in line and "\\n" in line and "\\\\" in line
    assert all(len(part.encode("utf-8")) <= 75 for part in line.split("\r\n"))
    event = icalendar.Event.from_ical(f"BEGIN:VEVENT\r\n{line}\r\nEND:VEVENT\r\n")
    assert str(event["DESCRIPTION"]) == AWKWARD


def test_parameters_match_icalendar() -> None:
    address = vCalAddress("mailto:host@example.org")
    address.params["CN"] = 'Dr. "Q", Smith; Jr: 山田'
    address.params["ROLE"] = "REQ-PARTICIPANT"
    ours = w.line("ATTENDEE", "mailto:host@example.org", dict(address.params))
    assert ours == icalendar_line("ATTENDEE", address)
    parsed = icalendar.Event.from_ical(f"BEGIN:VEVENT\r\n{ours}\r\nEND:VEVENT\r\n")
    assert parsed["ATTENDEE"].params["CN"] == 'Dr. "Q", Smith; Jr: 山田'


def test_dates_rules_and_durations_match_icalendar() -> None:
    local = datetime(2027, 3, 28, 1, 30, tzinfo=ZoneInfo("Pacific/Chatham"))
    assert w.line("DTSTART", w.local_stamp(local), {"TZID": "Pacific/Chatham"}) == (
        icalendar_line("DTSTART", vDDDTypes(local))
    )
    until = datetime(2027, 5, 23, 18, 29, 59, tzinfo=UTC)
    for freq, interval, byday in (
        ("WEEKLY", 2, ["TU"]),
        ("WEEKLY", 1, ["MO", "WE", "FR"]),
        ("MONTHLY", 1, ["-1TH"]),
        ("MONTHLY", 1, ["2TU"]),
    ):
        rule = {"freq": freq.lower(), "interval": interval, "byday": byday, "until": until}
        assert w.rrule(freq, interval, byday, until) == vRecur(rule).to_ical().decode()
        del rule["until"]
        assert w.rrule(freq, interval, byday) == vRecur(rule).to_ical().decode()
    for minutes in (0, 5, 15, 59, 60, 90, 1439, 1440, 2880, 10080, 10095):
        delta = timedelta(minutes=-minutes)
        assert w.duration(delta) == vDuration(delta).to_ical().decode(), minutes
    assert w.utc_stamp(local) == "20270327T114500Z"  # +13:45 in summer

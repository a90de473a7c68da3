"""The named columns of the Communities and Volunteers tables (text, sort key, icon, tooltip)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QIcon

from coordinator.health import Trend, band_rank
from coordinator.queries import CommunityRow, FacilitatorRow
from coordinator.worktime import now_in, utc_offset_text
from coordinator_ui.table_models import Column
from coordinator_ui.theme import MUTED, band_icon, icon

_TREND_RANK = {Trend.DOWN: 0, Trend.FLAT: 1, Trend.UP: 2}
_TREND_COLOR = {Trend.UP: "#3aa76d", Trend.DOWN: "#d9363e", Trend.FLAT: MUTED}


def local_time(zone: str, now: datetime) -> str:
    """``14:05 Tue``: the wall-clock time in ``zone`` at ``now``."""
    return now_in(zone, now).strftime("%H:%M %a")


def zone_text(zone: str, now: datetime) -> str:
    """``Asia/Kolkata · UTC+05:30``."""
    return f"{zone} · {utc_offset_text(zone, now)}"


def _offset_minutes(zone: str) -> int:
    offset = now_in(zone).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def _trend_icon(row: CommunityRow) -> QIcon:
    return icon(f"trend-{row.trend.value}", _TREND_COLOR[row.trend])


def _help_text(row: CommunityRow, _now: datetime) -> str:
    return f"since {row.help_requested_on:%d %b %Y}" if row.help_requested_on else ""


def _showcase_icon(row: CommunityRow) -> QIcon | None:
    return icon("showcase", "#e0a526") if row.showcase else None


def _help_icon(row: CommunityRow) -> QIcon | None:
    return icon("help", "#d9363e") if row.help_requested else None


COMMUNITY_COLUMNS: list[Column[CommunityRow]] = [
    Column("name", "Community", lambda r, _: r.name, width_chars=30),
    Column(
        "band",
        "Health",
        lambda r, _: r.band.value.capitalize(),
        sort=lambda r: band_rank(r.band),
        icon=lambda r: band_icon(r.band),
        width_chars=13,
    ),
    Column(
        "trend",
        "Trend",
        lambda r, _: r.trend.value,
        sort=lambda r: _TREND_RANK[r.trend],
        icon=_trend_icon,
        width_chars=8,
    ),
    Column(
        "volunteer",
        "Volunteer",
        lambda r, _: r.volunteer or "Unassigned",
        sort=lambda r: (r.volunteer is None, (r.volunteer or "").casefold()),
        width_chars=18,
    ),
    Column(
        "host",
        "Host",
        lambda r, _: r.host_name,
        tooltip=lambda r, _: f"{r.host_name} <{r.host_email}>" if r.host_email else r.host_name,
        width_chars=18,
    ),
    Column(
        "local_time",
        "Local time",
        lambda r, now: local_time(r.time_zone, now),
        sort=lambda r: _offset_minutes(r.time_zone),
        icon=lambda _r: icon("clock", MUTED),
        tooltip=lambda r, now: f"Now in {zone_text(r.time_zone, now)}",
        clock=True,
        width_chars=11,
    ),
    Column(
        "time_zone",
        "Time zone",
        lambda r, now: zone_text(r.time_zone, now),
        sort=lambda r: (_offset_minutes(r.time_zone), r.time_zone),
        clock=True,
        width_chars=28,
    ),
    Column("language", "Language", lambda r, _: r.language, width_chars=11),
    Column(
        "members", "Members", lambda r, _: f"{r.members:,}", sort=lambda r: r.members, align="right"
    ),
    Column("kind", "Kind", lambda r, _: r.kind.value.capitalize(), width_chars=15),
    Column(
        "showcase",
        "Showcase",
        lambda r, _: "Yes" if r.showcase else "",
        sort=lambda r: not r.showcase,
        icon=_showcase_icon,
        width_chars=10,
    ),
    Column(
        "help",
        "Help requested",
        _help_text,
        sort=lambda r: (r.help_requested_on is None, r.help_requested_on),
        icon=_help_icon,
        width_chars=16,
    ),
    Column("host_email", "Host e-mail", lambda r, _: r.host_email, width_chars=24, hidden=True),
]


def _is_working(row: FacilitatorRow, now: datetime) -> bool:
    local = now_in(row.time_zone, now)
    return local.weekday() in row.work_days and row.work_start <= local.time() < row.work_end


def _clock_icon(row: FacilitatorRow) -> QIcon:
    return icon("clock", "#3aa76d" if _is_working(row, datetime.now().astimezone()) else MUTED)


def _clock_tooltip(row: FacilitatorRow, now: datetime) -> str:
    state = "at work now" if _is_working(row, now) else "outside working hours now"
    return f"{zone_text(row.time_zone, now)} — {state}"


def _hours(row: FacilitatorRow, _now: datetime) -> str:
    return f"{row.work_start:%H:%M}–{row.work_end:%H:%M} {row.work_days.to_text()}"


def _availability(row: FacilitatorRow, _now: datetime) -> str:
    if row.available_from and row.available_until:
        return f"{row.available_from:%d %b %Y} – {row.available_until:%d %b %Y}"
    if row.available_until:
        return f"until {row.available_until:%d %b %Y}"
    if row.available_from:
        return f"from {row.available_from:%d %b %Y}"
    return ""


def _load_icon(row: FacilitatorRow) -> QIcon:
    if row.load > row.capacity:
        return icon("warning", "#d9363e")
    return icon("check", "#3aa76d") if row.load < row.capacity else icon("check", MUTED)


FACILITATOR_COLUMNS: list[Column[FacilitatorRow]] = [
    Column("name", "Volunteer", lambda r, _: r.name, width_chars=22),
    Column("email", "E-mail", lambda r, _: r.email, width_chars=26),
    Column(
        "local_time",
        "Local time",
        lambda r, now: local_time(r.time_zone, now),
        sort=lambda r: _offset_minutes(r.time_zone),
        icon=_clock_icon,
        tooltip=_clock_tooltip,
        clock=True,
        width_chars=11,
    ),
    Column(
        "time_zone",
        "Time zone",
        lambda r, now: zone_text(r.time_zone, now),
        sort=lambda r: (_offset_minutes(r.time_zone), r.time_zone),
        clock=True,
        width_chars=28,
    ),
    Column(
        "hours",
        "Working hours",
        _hours,
        sort=lambda r: (r.work_start, r.work_end),
        width_chars=20,
    ),
    Column("languages", "Languages", lambda r, _: ", ".join(r.languages), width_chars=22),
    Column("skills", "Skills", lambda r, _: ", ".join(r.skills), width_chars=18),
    Column(
        "load",
        "Load",
        lambda r, _: f"{r.load} / {r.capacity}",
        sort=lambda r: (r.load / r.capacity if r.capacity else 1.0, r.load),
        icon=_load_icon,
        tooltip=lambda r, _: f"{max(r.capacity - r.load, 0)} open places",
        width_chars=9,
    ),
    Column(
        "available",
        "Available",
        _availability,
        sort=lambda r: (r.available_until is None, r.available_until),
        width_chars=22,
    ),
]

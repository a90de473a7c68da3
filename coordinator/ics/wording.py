"""What a calendar entry says to a person: its summary and a description with both local times."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from coordinator.domain import WEEKDAY_NAMES, Cadence
from coordinator.scheduling.recurrence import ZoneClock, cadence_text, monthly_rule_text

# Dates six weeks apart over a year show whether the other party's clock moves against ours
# (daylight saving starts and ends on different dates in different zones).
_SAMPLE_WEEKS = tuple(range(0, 53, 6))


def check_in_summary(community: str, volunteer: str) -> str:
    """The title every reader of the schedule shows (the same as ``Event.title``)."""
    return f"Check-in: {community} · {volunteer}"


def webinar_summary(title: str, label: str) -> str:
    """A webinar session's title (the same as ``Event.title``)."""
    return f"Webinar: {title}" + (f" ({label})" if label else "")


def _who(name: str, email: str) -> str:
    return f"{name} <{email}>" if email else name


@lru_cache(maxsize=4096)  # series of one zone pair often share the slot and first date
def other_party_times(
    own_zone: str,
    wall: time,
    first: date,
    last: date | None,
    zone: str,
    *,
    with_weekday: bool = True,
) -> str:
    """The slot as the other party's clock shows it, e.g. ``Tue 14:30 or 13:30 Asia/Kolkata``."""
    clock = ZoneClock(own_zone)
    target = ZoneInfo(zone)
    seen: list[str] = []
    days = [first + timedelta(weeks=weeks) for weeks in _SAMPLE_WEEKS]
    if last is not None:
        days = [day for day in days if day < last] + [last]
    for day in days:
        local = clock.instant(day, wall).astimezone(target)
        shown = (
            f"{WEEKDAY_NAMES[local.weekday()]} {local:%H:%M}" if with_weekday else f"{local:%H:%M}"
        )
        if shown not in seen:
            seen.append(shown)
    return (
        " or ".join(seen) + f" {zone}" + (" (as daylight saving changes)" if len(seen) > 1 else "")
    )


def check_in_description(
    *,
    community: str,
    volunteer: tuple[str, str, str],
    host: tuple[str, str, str],
    cadence: Cadence,
    weekday: int,
    days: Collection[int] | None,
    wall: time,
    zone: str,
    first: date,
    last: date | None,
    minutes: int,
) -> str:
    """Who meets, each party's local time, and the rule in words.

    ``volunteer`` and ``host`` are (name, e-mail, IANA zone).
    """
    daily = cadence == Cadence.DAILY
    rule = cadence_text(cadence, weekday, days)
    volunteer_name, volunteer_email, volunteer_zone = volunteer
    host_name, host_email, host_zone = host
    own_day = "" if daily else f"{WEEKDAY_NAMES[weekday]} "
    volunteer_time = (
        f"{own_day}{wall:%H:%M} {zone}"
        if volunteer_zone == zone
        else other_party_times(zone, wall, first, last, volunteer_zone, with_weekday=not daily)
    )
    host_time = other_party_times(zone, wall, first, last, host_zone, with_weekday=not daily)
    until = f" until {last:%d %b %Y}" if last else ""
    return "\n".join(
        [
            f"Check-in of {host_name or 'the host'} ({community}) with the volunteer "
            f"{volunteer_name}.",
            f"Volunteer: {_who(volunteer_name, volunteer_email)} — {volunteer_time}",
            f"Host: {_who(host_name or 'not named', host_email)} — {host_time}",
            f"Repeats {rule} at {wall:%H:%M} {zone}, {minutes} min, from {first:%d %b %Y}{until}.",
        ]
    )


def webinar_description(
    *,
    title: str,
    track: str,
    label: str,
    wall: time,
    zone: str,
    ordinal: int,
    weekday: int,
    minutes: int,
    others: Sequence[tuple[time, str, str]],
    about: str,
) -> str:
    """The track, this session's time and rule, and the other sessions to choose from."""
    session = f"Session {label}" if label else "Session"
    lines = [
        f"{title} — {track} track.",
        f"{session}: {wall:%H:%M} {zone}, on the {monthly_rule_text(ordinal, weekday)} of every "
        f"month, {minutes} min.",
    ]
    if others:
        listed = "; ".join(f"{t:%H:%M} {z}" + (f" ({lbl})" if lbl else "") for t, z, lbl in others)
        lines.append(f"Other sessions: {listed}.")
    if about.strip():
        lines.append(about.strip())
    return "\n".join(lines)


def moved_note(original: datetime, start: datetime, zone: str) -> str:
    """One line saying where an occurrence moved, in the series' zone."""
    tz = ZoneInfo(zone)
    before, after = original.astimezone(tz), start.astimezone(tz)
    return f"Moved from {before:%a %d %b %H:%M} to {after:%a %d %b %H:%M} {zone}."

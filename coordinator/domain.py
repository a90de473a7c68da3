"""Plain domain vocabulary shared by models, services and the UI: enums and value types."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


class CommunityKind(enum.StrEnum):
    BUSINESS_UNIT = "business unit"
    SHARED_SERVICE = "shared service"
    CROSS_FUNCTIONAL = "cross-functional"
    EXTERNAL = "external"


class AssignmentStatus(enum.StrEnum):
    ACTIVE = "active"
    ENDED = "ended"
    GRADUATED = "graduated"


class Cadence(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"


class OccurrenceStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    DONE = "done"
    MISSED = "missed"
    CANCELLED = "cancelled"
    MOVED = "moved"


class HealthBand(enum.StrEnum):
    UNKNOWN = "unknown"
    DORMANT = "dormant"
    QUIET = "quiet"
    ACTIVE = "active"
    REALLY_ACTIVE = "really active"


class WebinarTrack(enum.StrEnum):
    TECHNICAL = "technical skills"
    PARTICIPATION = "participation practices"


WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_INDEX = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
_WEEKDAY_INDEX.update(
    {
        full: i
        for i, full in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    }
)


@dataclass(frozen=True, slots=True)
class Weekdays:
    """A set of weekdays (0 = Monday … 6 = Sunday), e.g. a working week."""

    days: frozenset[int]

    @classmethod
    def of(cls, days: Iterable[int]) -> Weekdays:
        """Build from weekday numbers (0 = Monday)."""
        values = frozenset(days)
        if not values or any(d not in range(7) for d in values):
            raise ValueError("working days must name at least one day of the week")
        return cls(values)

    @classmethod
    def parse(cls, text: str) -> Weekdays:
        """Parse ``Mon-Fri``, ``Sun-Thu`` (wrapping ranges) or ``Mon;Tue;Thu`` / ``Mon,Tue``."""
        cleaned = text.strip()
        if not cleaned:
            raise ValueError("working days are empty (expected e.g. Mon-Fri or Sun-Thu)")
        days: set[int] = set()
        for part in re.split(r"[;,\s]+", cleaned):
            if not part:
                continue
            if "-" in part:
                first, _, last = part.partition("-")
                start, end = _day_index(first), _day_index(last)
                span = (end - start) % 7
                days.update((start + k) % 7 for k in range(span + 1))
            else:
                days.add(_day_index(part))
        return cls.of(days)

    def __contains__(self, weekday: object) -> bool:
        return weekday in self.days

    def __iter__(self) -> Iterator[int]:
        return iter(sorted(self.days))

    def __len__(self) -> int:
        return len(self.days)

    def to_text(self) -> str:
        """Compact text: a contiguous (possibly wrapping) run as ``Sun-Thu``, else ``Mon;Wed``."""
        if len(self.days) == 7:
            return "Mon-Sun"
        for start in range(7):
            run = [(start + k) % 7 for k in range(len(self.days))]
            if (start - 1) % 7 not in self.days and set(run) == self.days:
                if len(run) == 1:
                    return WEEKDAY_NAMES[start]
                return f"{WEEKDAY_NAMES[run[0]]}-{WEEKDAY_NAMES[run[-1]]}"
        return ";".join(WEEKDAY_NAMES[d] for d in sorted(self.days))

    def __str__(self) -> str:
        return self.to_text()


def _day_index(name: str) -> int:
    key = name.strip().lower()
    if key in _WEEKDAY_INDEX:
        return _WEEKDAY_INDEX[key]
    if len(key) >= 3 and key[:3] in _WEEKDAY_INDEX:
        return _WEEKDAY_INDEX[key[:3]]
    raise ValueError(f"unknown weekday {name.strip()!r} (expected Mon, Tue, … Sun)")


MON_FRI = Weekdays(frozenset(range(5)))


@cache
def known_time_zones() -> frozenset[str]:
    """Every IANA zone name the tz database on this machine knows."""
    return frozenset(available_timezones())


def check_time_zone(name: str) -> str:
    """Return ``name`` if it is a valid IANA zone, else raise ``ValueError`` with a hint."""
    candidate = (name or "").strip()
    if not candidate:
        raise ValueError("time zone is empty (expected an IANA name such as Asia/Kolkata)")
    if candidate in known_time_zones():
        return candidate
    try:
        ZoneInfo(candidate)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Africa/" is a folder: OSError
        raise ValueError(
            f"unknown time zone {candidate!r} (expected an IANA name such as Asia/Kolkata)"
        ) from None
    return candidate


def parse_clock(text: str) -> time:
    """Parse a wall-clock time ``HH:MM`` (24 h); raise ``ValueError`` naming the problem."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::00)?\s*", text or "")
    if not match:
        raise ValueError(f"time {text!r} is not HH:MM (24-hour clock)")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(f"time {text!r} is not a time of day")
    return time(hour, minute)


def split_list(text: str | None) -> list[str]:
    """Split a ``;``-separated list, trimming blanks and dropping empties (order kept, no dups)."""
    seen: dict[str, None] = {}
    for part in (text or "").split(";"):
        item = part.strip()
        if item and item.casefold() not in {s.casefold() for s in seen}:
            seen[item] = None
    return list(seen)

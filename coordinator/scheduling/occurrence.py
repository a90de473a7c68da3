"""``Event``: one occurrence of a check-in or a webinar session, as every reader sees it.

``Event`` is a ``NamedTuple`` on purpose: a year of the programme is a few hundred thousand
of them and building a frozen dataclass costs six times as much; a named tuple is just as
immutable, compares by value and gives ``_asdict()`` for the JSON export.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from coordinator.domain import OccurrenceStatus

CHECK_IN = "check-in"
WEBINAR = "webinar"


def check_in_uid(series_id: int) -> str:
    """The stable UID of a check-in series (shared by every occurrence, as in iCalendar)."""
    return f"checkin-{series_id}@coordinator"


def webinar_uid(session_id: int) -> str:
    """The stable UID of one session of a webinar series."""
    return f"webinar-{session_id}@coordinator"


class Event(NamedTuple):
    """One occurrence of a check-in or webinar session, expanded or stored."""

    uid: str  # stable per series (check-in) or per session (webinar)
    kind: str  # "check-in" | "webinar"
    series_id: int  # CheckInSeries.id or WebinarSeries.id
    session_id: int | None  # WebinarSession.id (webinars only)
    occurrence_id: int | None  # the stored row when logged, moved or cancelled
    original_start: datetime  # what the rule gave: iCalendar RECURRENCE-ID (aware UTC)
    start: datetime  # aware UTC
    end: datetime  # aware UTC
    time_zone: str  # the series' zone (the rule's wall time is in it)
    title: str
    status: OccurrenceStatus
    facilitator_ids: tuple[int, ...]  # empty for webinars (everyone is invited)
    community_id: int | None
    assignment_id: int | None
    sequence: int  # iCalendar SEQUENCE of the series
    reminder_minutes: tuple[int, ...] | None  # None: the settings' lead times
    notes: str
    outcome: str
    facilitator_zone: str | None  # the volunteer's zone (check-ins)
    host_zone: str | None  # the host's zone (check-ins)
    track: str | None  # webinars: the track's value

    @property
    def key(self) -> tuple[str, datetime]:
        """(uid, original_start): identifies the occurrence across moves and exports."""
        return (self.uid, self.original_start)

    @property
    def moved(self) -> bool:
        """True when the occurrence happens at another instant than the rule gave."""
        return self.start != self.original_start

    def local_start(self, zone: str | None = None) -> datetime:
        """The start in ``zone`` (default: the series' zone)."""
        return self.start.astimezone(ZoneInfo(zone or self.time_zone))

"""What the volunteers' roster view shows, as plain rows: read-only queries, no Qt.

A roster view opens a published snapshot or the live database read-only; everything here only
reads (``Database.reading``), so it works on both and on a file nobody may write.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator.db import Database
from coordinator.domain import AssignmentStatus, HealthBand, OccurrenceStatus, Weekdays
from coordinator.health import MonthActivity, current_band
from coordinator.models import ActivitySnapshot, Assignment, Community, Facilitator
from coordinator.queries import active_loads
from coordinator.roster import published_at
from coordinator.scheduling.events import CHECK_IN, Event, events_between
from coordinator.settings import load_settings

if TYPE_CHECKING:
    from coordinator.ics.calendar import CalendarFile
    from coordinator.ics.scopes import CalendarScope

DEFAULT_WEEKS = 4


@dataclass(frozen=True, slots=True)
class VolunteerEntry:
    """A volunteer as the picker lists them."""

    id: int
    name: str
    email: str
    time_zone: str
    active: bool
    caseload: int

    @property
    def search_text(self) -> str:
        return f"{self.name}\n{self.email}\n{self.time_zone}".casefold()


@dataclass(frozen=True, slots=True)
class VolunteerProfile:
    """The volunteer whose roster is shown, with their working week."""

    id: int
    name: str
    email: str
    time_zone: str
    work_start: time
    work_end: time
    work_days: Weekdays
    capacity: int
    active: bool

    def works_during(self, start: datetime, end: datetime) -> bool:
        """True when ``start``–``end`` lies inside one of their working days, in their zone."""
        zone = ZoneInfo(self.time_zone)
        first, last = start.astimezone(zone), end.astimezone(zone)
        return (
            first.date() == last.date()
            and first.weekday() in self.work_days
            and self.work_start <= first.time()
            and last.time() <= self.work_end
        )


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One community of the volunteer's caseload, with its host and the assignment's end."""

    community_id: int
    community: str
    host_name: str
    host_email: str
    host_zone: str
    language: str
    members: int
    band: HealthBand
    showcase: bool
    help_requested_on: date | None
    starts_on: date
    ends_on: date
    next_check_in: datetime | None  # aware UTC; None when none is planned in the period
    host_hours: tuple[time, time, Weekdays]  # the host's working hours (settings' default)

    def host_at_work(self, now: datetime) -> bool:
        """True when it is within the host's working hours at ``now`` (a good time to call)."""
        start, end, days = self.host_hours
        local = now.astimezone(ZoneInfo(self.host_zone))
        return local.weekday() in days and start <= local.time() < end

    def days_left(self, today: date) -> int:
        """Days until the planned end of the assignment (negative once it is over)."""
        return (self.ends_on - today).days


@dataclass(frozen=True, slots=True)
class UpcomingRow:
    """A check-in or webinar session ahead, for showing in the volunteer's own zone."""

    uid: str
    kind: str  # "check-in" | "webinar"
    title: str
    start: datetime  # aware UTC
    end: datetime
    zone: str  # the volunteer's zone: what the row is shown in
    host_zone: str | None  # check-ins: the host's zone
    host_name: str
    community: str
    status: OccurrenceStatus
    moved: bool
    in_working_hours: bool

    @property
    def local_start(self) -> datetime:
        """The start in the volunteer's zone."""
        return self.start.astimezone(ZoneInfo(self.zone))

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(ZoneInfo(self.zone))

    @property
    def host_start(self) -> datetime | None:
        """The start in the host's zone (None for webinars)."""
        return self.start.astimezone(ZoneInfo(self.host_zone)) if self.host_zone else None

    @property
    def cancelled(self) -> bool:
        return self.status == OccurrenceStatus.CANCELLED


@dataclass(frozen=True)
class Roster:
    """One volunteer's roster: who they are, their caseload and what is coming up."""

    volunteer: VolunteerProfile
    caseload: tuple[CaseloadRow, ...]
    upcoming: tuple[UpcomingRow, ...]
    start: datetime
    end: datetime

    @property
    def check_ins(self) -> int:
        return sum(1 for row in self.upcoming if row.kind == CHECK_IN and not row.cancelled)

    @property
    def webinars(self) -> int:
        return sum(1 for row in self.upcoming if row.kind != CHECK_IN and not row.cancelled)


@dataclass(frozen=True)
class SnapshotInfo:
    """Where the roster comes from: a published snapshot (and when) or the live database."""

    published_at: datetime | None
    source: str

    @property
    def live(self) -> bool:
        return self.published_at is None

    def banner_text(self, now: datetime | None = None) -> str:
        """``Published 3 days ago by the lead`` or ``Live database (read-only)``."""
        if self.published_at is None:
            return "Live database (read-only)"
        return f"Published {age_text(self.published_at, now or datetime.now(UTC))} by the lead"

    def is_old(self, now: datetime | None = None, limit: timedelta = timedelta(days=14)) -> bool:
        """True when the snapshot is older than ``limit`` (the banner then warns)."""
        if self.published_at is None:
            return False
        return (now or datetime.now(UTC)) - self.published_at > limit


def age_text(then: datetime, now: datetime) -> str:
    """How long ago ``then`` was, in words: ``just now``, ``5 minutes ago``, ``3 days ago``."""
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "just now"  # also a clock slightly behind the lead's
    minutes = int(seconds // 60)
    if minutes < 60:
        return _plural(minutes, "minute")
    hours = minutes // 60
    if hours < 24:
        return _plural(hours, "hour")
    days = hours // 24
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return _plural(days // 7, "week")
    return _plural(days // 30, "month")


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'} ago"


def snapshot_info(database: Database) -> SnapshotInfo:
    """When the open roster was published (None for a live database) and what it is."""
    path = database.path
    with database.reading() as session:
        stamp = published_at(session)
    return SnapshotInfo(stamp, path.name if path is not None else database.display_name)


def list_volunteers(database: Database, *, include_inactive: bool = False) -> list[VolunteerEntry]:
    """Every (active) volunteer with the size of their caseload, by name."""
    with database.reading() as session:
        loads = active_loads(session)
        query = select(
            Facilitator.id,
            Facilitator.name,
            Facilitator.email,
            Facilitator.time_zone,
            Facilitator.active,
        ).order_by(func.lower(Facilitator.name), Facilitator.id)
        if not include_inactive:
            query = query.where(Facilitator.active.is_(True))
        return [
            VolunteerEntry(r.id, r.name, r.email, r.time_zone, r.active, int(loads.get(r.id, 0)))
            for r in session.execute(query)
        ]


def find_volunteer(volunteers: Iterable[VolunteerEntry], email: str) -> VolunteerEntry | None:
    """The volunteer with ``email`` (case-insensitive), if listed."""
    wanted = email.strip().lower()
    return next((v for v in volunteers if v.email.lower() == wanted), None) if wanted else None


def load_roster(
    database: Database,
    facilitator_id: int,
    *,
    now: datetime | None = None,
    weeks: int = DEFAULT_WEEKS,
) -> Roster:
    """The roster of one volunteer: active caseload and events of the next ``weeks`` weeks."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    end = now + timedelta(weeks=weeks)
    with database.reading() as session:
        person = session.get(Facilitator, facilitator_id)
        if person is None:
            raise LookupError("This volunteer is not in the roster (any more).")
        profile = profile_of(person)
        settings = load_settings(session)
        rows = session.execute(
            select(
                Community.id,
                Community.name,
                Community.host_name,
                Community.host_email,
                Community.time_zone,
                Community.language,
                Community.members,
                Community.showcase,
                Community.help_requested_on,
                Community.host_work_start,
                Community.host_work_end,
                Community.host_work_days,
                Assignment.starts_on,
                Assignment.ends_on,
            )
            .join(Assignment, Assignment.community_id == Community.id)
            .where(Assignment.facilitator_id == facilitator_id)
            .where(Assignment.status == AssignmentStatus.ACTIVE)
            .order_by(func.lower(Community.name))
        ).all()
        months = _months_of(session, [r.id for r in rows])
        # From a day back: a check-in that started an hour ago is still "now" until it ends.
        events = events_between(
            session, now - timedelta(days=1), end, facilitator_id=facilitator_id, settings=settings
        )
        events = [e for e in events if e.end > now]
        hosts = _hosts_of(session, {e.community_id for e in events if e.community_id})
        next_check_in: dict[int, datetime] = {}
        for e in events:  # sorted by start: the first one seen is the next
            if e.kind == CHECK_IN and e.community_id and e.status != OccurrenceStatus.CANCELLED:
                next_check_in.setdefault(e.community_id, e.start)
        caseload = tuple(
            CaseloadRow(
                community_id=r.id,
                community=r.name,
                host_name=r.host_name,
                host_email=r.host_email,
                host_zone=r.time_zone,
                language=r.language,
                members=r.members,
                band=current_band(months.get(r.id, []), r.members, settings.health),
                showcase=r.showcase,
                help_requested_on=r.help_requested_on,
                starts_on=r.starts_on,
                ends_on=r.ends_on,
                next_check_in=next_check_in.get(r.id),
                host_hours=(
                    r.host_work_start or settings.host_work_start,
                    r.host_work_end or settings.host_work_end,
                    r.host_work_days or settings.host_work_days,
                ),
            )
            for r in rows
        )
    upcoming = tuple(_upcoming_row(e, profile, hosts) for e in events)
    return Roster(profile, caseload, upcoming, now, end)


def profile_of(person: Facilitator) -> VolunteerProfile:
    """A plain copy of a volunteer's row, with their working week."""
    return VolunteerProfile(
        person.id,
        person.name,
        person.email,
        person.time_zone,
        person.work_start,
        person.work_end,
        person.work_days,
        person.capacity,
        person.active,
    )


def _months_of(session: Session, community_ids: Sequence[int]) -> dict[int, list[MonthActivity]]:
    months: dict[int, list[MonthActivity]] = {}
    if not community_ids:
        return months
    rows = session.execute(
        select(
            ActivitySnapshot.community_id,
            ActivitySnapshot.month,
            ActivitySnapshot.active_members,
            ActivitySnapshot.posts,
            ActivitySnapshot.replies,
        )
        .where(ActivitySnapshot.community_id.in_(community_ids))
        .order_by(ActivitySnapshot.month)
    )
    for community_id, month, active, posts, replies in rows:
        months.setdefault(community_id, []).append(MonthActivity(month, active, posts, replies))
    return months


def _hosts_of(session: Session, community_ids: set[int]) -> dict[int, tuple[str, str]]:
    if not community_ids:
        return {}
    rows = session.execute(
        select(Community.id, Community.name, Community.host_name).where(
            Community.id.in_(community_ids)
        )
    )
    return {cid: (name, host) for cid, name, host in rows}


def _upcoming_row(
    event: Event, volunteer: VolunteerProfile, hosts: dict[int, tuple[str, str]]
) -> UpcomingRow:
    community, host = hosts.get(event.community_id or 0, ("", ""))
    if event.kind == CHECK_IN:
        title = f"Check-in · {community}" if community else event.title
    else:
        title = event.title
    return UpcomingRow(
        uid=event.uid,
        kind=event.kind,
        title=title,
        start=event.start,
        end=event.end,
        zone=volunteer.time_zone,
        host_zone=event.host_zone if event.kind == CHECK_IN else None,
        host_name=host,
        community=community,
        status=event.status,
        moved=event.moved,
        in_working_hours=volunteer.works_during(event.start, event.end),
    )


def calendar_scope(database: Database, facilitator_id: int) -> CalendarScope:
    """What "Export my calendar" writes: the volunteer's check-ins and every webinar session."""
    from coordinator.ics.scopes import volunteer_scope

    with database.reading() as session:
        return volunteer_scope(session, facilitator_id)


def export_volunteer_calendar(database: Database, facilitator_id: int, out: Path) -> CalendarFile:
    """Write the volunteer's .ics to ``out`` with the calendar export (never into the roster)."""
    # Imported here: icalendar is only needed when exporting, not to open the window.
    from coordinator.ics.calendar import default_period, export_calendar

    if out.suffix.lower() != ".ics":
        out = out.with_name(f"{out.name}.ics")
    start, end = default_period()
    return export_calendar(database, out, calendar_scope(database, facilitator_id), start, end)

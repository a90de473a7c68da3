"""Read-only list queries for the window: plain dataclass rows, never ORM objects.

Each list is built from a handful of set-based queries (no query per row), so the views stay
fast with thousands of communities. Filters are plain predicates over the rows, kept here so
they are tested without a window and shared by every view that lists the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, time
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from coordinator.db import Database
from coordinator.domain import AssignmentStatus, CommunityKind, HealthBand, Weekdays
from coordinator.health import MonthActivity, Trend, current_band, trend
from coordinator.models import ActivitySnapshot, Assignment, Community, Facilitator
from coordinator.settings import HealthThresholds, Settings, load_settings


def region_of(time_zone: str) -> str:
    """The region of an IANA zone: the part before the first '/' (``Etc`` zones stay whole)."""
    return time_zone.split("/", 1)[0] if "/" in time_zone else time_zone


@dataclass(frozen=True, slots=True)
class CommunityRow:
    """One community as the Communities view lists it."""

    id: int
    version: int
    name: str
    kind: CommunityKind
    host_name: str
    host_email: str
    time_zone: str
    language: str
    members: int
    topics: tuple[str, ...]
    band: HealthBand
    trend: Trend
    showcase: bool
    help_requested_on: date | None
    active: bool
    volunteer: str | None
    volunteer_id: int | None

    @property
    def help_requested(self) -> bool:
        return self.help_requested_on is not None

    @property
    def region(self) -> str:
        return region_of(self.time_zone)

    @property
    def search_text(self) -> str:
        """Everything the text filter matches against, case-folded."""
        parts = (
            self.name,
            self.kind.value,
            self.host_name,
            self.host_email,
            self.time_zone,
            self.language,
            self.volunteer or "",
            *self.topics,
        )
        return "\n".join(parts).casefold()


@dataclass(frozen=True, slots=True)
class FacilitatorRow:
    """One volunteer facilitator as the Volunteers view lists them, with their load."""

    id: int
    version: int
    name: str
    email: str
    time_zone: str
    work_start: time
    work_end: time
    work_days: Weekdays
    languages: tuple[str, ...]
    skills: tuple[str, ...]
    capacity: int
    load: int
    available_from: date | None
    available_until: date | None
    active: bool

    @property
    def region(self) -> str:
        return region_of(self.time_zone)

    @property
    def has_room(self) -> bool:
        return self.active and self.load < self.capacity

    @property
    def search_text(self) -> str:
        """Everything the text filter matches against, case-folded."""
        return "\n".join(
            (self.name, self.email, self.time_zone, *self.languages, *self.skills)
        ).casefold()


def _months_by_community(session: Session) -> dict[int, list[MonthActivity]]:
    months: dict[int, list[MonthActivity]] = defaultdict(list)
    rows = session.execute(
        select(
            ActivitySnapshot.community_id,
            ActivitySnapshot.month,
            ActivitySnapshot.active_members,
            ActivitySnapshot.posts,
            ActivitySnapshot.replies,
        ).order_by(ActivitySnapshot.community_id, ActivitySnapshot.month)
    )
    for community_id, month, active_members, posts, replies in rows:
        months[community_id].append(MonthActivity(month, active_members, posts, replies))
    return months


def _active_volunteers(session: Session) -> dict[int, tuple[int, str]]:
    rows = session.execute(
        select(Assignment.community_id, Facilitator.id, Facilitator.name)
        .join(Facilitator, Assignment.facilitator_id == Facilitator.id)
        .where(Assignment.status == AssignmentStatus.ACTIVE)
    )
    return {community_id: (fid, name) for community_id, fid, name in rows}


_COMMUNITY_COLUMNS = (
    Community.id,
    Community.version,
    Community.name,
    Community.kind,
    Community.host_name,
    Community.host_email,
    Community.time_zone,
    Community.language,
    Community.members,
    Community.topics,
    Community.showcase,
    Community.help_requested_on,
    Community.active,
)


def list_communities(
    database: Database, *, include_inactive: bool = True, settings: Settings | None = None
) -> list[CommunityRow]:
    """Every community with its health band, trend and assigned volunteer, by name."""
    with database.reading() as session:
        thresholds = (settings or load_settings(session)).health
        return read_communities(session, thresholds, include_inactive=include_inactive)


def read_communities(
    session: Session,
    thresholds: HealthThresholds,
    *,
    include_inactive: bool = True,
    months: Mapping[int, Sequence[MonthActivity]] | None = None,
    only: ColumnElement[bool] | None = None,
) -> list[CommunityRow]:
    """``list_communities`` within ``session``; ``months``: every community's activity, when
    the caller has read it already (so it is not read twice); ``only``: the communities wanted
    (a condition on ``Community``), when not all are."""
    if months is None:
        months = _months_by_community(session)
    volunteers = _active_volunteers(session)
    query = select(*_COMMUNITY_COLUMNS).order_by(Community.name)
    if not include_inactive:
        query = query.where(Community.active.is_(True))
    if only is not None:
        query = query.where(only)
    rows = []
    # Plain column tuples: building ORM objects would double the time at 5,000 rows.
    for c in session.execute(query):
        history = months.get(c.id, ())
        volunteer = volunteers.get(c.id)
        rows.append(
            CommunityRow(
                id=c.id,
                version=c.version,
                name=c.name,
                kind=c.kind,
                host_name=c.host_name,
                host_email=c.host_email,
                time_zone=c.time_zone,
                language=c.language,
                members=c.members,
                topics=tuple(c.topics or ()),
                band=current_band(history, c.members, thresholds),
                trend=trend(history),
                showcase=c.showcase,
                help_requested_on=c.help_requested_on,
                active=c.active,
                volunteer=volunteer[1] if volunteer else None,
                volunteer_id=volunteer[0] if volunteer else None,
            )
        )
    return rows


def active_loads(session: Session) -> dict[int, int]:
    """Volunteer id → how many active assignments they carry (volunteers with none left out)."""
    return dict(
        session.execute(
            select(Assignment.facilitator_id, func.count())
            .where(Assignment.status == AssignmentStatus.ACTIVE)
            .group_by(Assignment.facilitator_id)
        ).all()
    )


def list_facilitators(database: Database, *, include_inactive: bool = True) -> list[FacilitatorRow]:
    """Every volunteer with the number of active assignments they carry, by name."""
    with database.reading() as session:
        loads = active_loads(session)
        query = select(Facilitator).order_by(Facilitator.name)
        if not include_inactive:
            query = query.where(Facilitator.active.is_(True))
        return [
            FacilitatorRow(
                id=f.id,
                version=f.version,
                name=f.name,
                email=f.email,
                time_zone=f.time_zone,
                work_start=f.work_start,
                work_end=f.work_end,
                work_days=f.work_days,
                languages=tuple(f.languages or ()),
                skills=tuple(f.skills or ()),
                capacity=f.capacity,
                load=int(loads.get(f.id, 0)),
                available_from=f.available_from,
                available_until=f.available_until,
                active=f.active,
            )
            for f in session.scalars(query)
        ]


def is_empty(database: Database) -> bool:
    """True when the database holds no community and no volunteer (a first run)."""
    with database.reading() as session:
        has_community = session.scalar(select(Community.id).limit(1)) is not None
        has_facilitator = session.scalar(select(Facilitator.id).limit(1)) is not None
    return not (has_community or has_facilitator)


def known_languages(database: Database) -> list[str]:
    """Languages already used by communities and volunteers, for completion in the forms."""
    with database.reading() as session:
        found = set(session.scalars(select(Community.language).distinct()))
        for languages in session.scalars(select(Facilitator.languages)):
            found.update(languages or ())
    return sorted((lang for lang in found if lang), key=str.casefold)


def community_names(database: Database) -> dict[str, int]:
    """Case-folded community name → id (the name must be unique)."""
    with database.reading() as session:
        return {
            name.casefold(): cid
            for cid, name in session.execute(select(Community.id, Community.name))
        }


def facilitator_emails(database: Database) -> dict[str, int]:
    """Lower-cased volunteer e-mail → id (the e-mail must be unique)."""
    with database.reading() as session:
        return {
            email.lower(): fid
            for fid, email in session.execute(select(Facilitator.id, Facilitator.email))
        }


@dataclass(frozen=True)
class DashboardSummary:
    """The counts the Dashboard shows."""

    bands: dict[HealthBand, int]
    communities: int
    unassigned: int
    showcase: int
    help_requested: int
    volunteers: int
    volunteers_with_room: int
    open_places: int


def dashboard_summary(
    communities: Iterable[CommunityRow], facilitators: Iterable[FacilitatorRow]
) -> DashboardSummary:
    """Counts of active communities per band, flags and unassigned; active volunteers and room."""
    active = [c for c in communities if c.active]
    bands = {band: 0 for band in HealthBand}
    for row in active:
        bands[row.band] += 1
    volunteers = [f for f in facilitators if f.active]
    return DashboardSummary(
        bands=bands,
        communities=len(active),
        unassigned=sum(1 for c in active if c.volunteer_id is None),
        showcase=sum(1 for c in active if c.showcase),
        help_requested=sum(1 for c in active if c.help_requested),
        volunteers=len(volunteers),
        volunteers_with_room=sum(1 for f in volunteers if f.has_room),
        open_places=sum(max(f.capacity - f.load, 0) for f in volunteers),
    )


class _RowFilter:
    """Shared by the filters: evaluate all rows at once, fast enough for every keystroke."""

    text: str

    def _checks(self) -> list[Callable[[Any], bool]]:
        raise NotImplementedError

    def accepts(self, row: Any, search_text: str | None = None) -> bool:
        """True when ``row`` passes every criterion (``search_text`` may be precomputed)."""
        return self.mask([row], [search_text or row.search_text])[0]

    def mask(self, rows: Sequence[Any], search_texts: Sequence[str]) -> list[bool]:
        """For each row, whether it passes (``search_texts`` as ``row.search_text`` gives)."""
        # Every word must appear somewhere: "lean tokyo" finds the lean community in Tokyo.
        # Written as flat comprehensions: this runs over 5,000 rows on every keystroke.
        words = self.text.casefold().split()
        if not words:
            passed = [True] * len(search_texts)
        elif len(words) == 1:
            word = words[0]
            passed = [word in text for text in search_texts]
        else:
            passed = [all(word in text for word in words) for text in search_texts]
        for check in self._checks():
            passed = [ok and check(row) for ok, row in zip(passed, rows, strict=True)]
        return passed

    def narrows(self, previous: object) -> bool:
        """True when this filter can only hide rows that ``previous`` showed (typing on)."""
        if type(previous) is not type(self):
            return False
        others = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "text"}  # type: ignore[arg-type]
        before = {f.name: getattr(previous, f.name) for f in fields(previous) if f.name != "text"}  # type: ignore[arg-type]
        return others == before and self.text.casefold().startswith(previous.text.casefold())  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CommunityFilter(_RowFilter):
    """What the Communities view shows: every criterion left empty accepts everything."""

    text: str = ""
    bands: frozenset[HealthBand] = frozenset()
    kinds: frozenset[CommunityKind] = frozenset()
    region: str = ""
    language: str = ""
    showcase: bool = False
    help_requested: bool = False
    unassigned: bool = False
    include_inactive: bool = False
    # A named subset from the Dashboard (e.g. showcase candidates): only these ids, when set.
    ids: frozenset[int] | None = None
    subset: str = ""

    def _checks(self) -> list[Callable[[CommunityRow], bool]]:
        checks: list[Callable[[CommunityRow], bool]] = []
        if not self.include_inactive:
            checks.append(lambda r: r.active)
        if self.ids is not None:
            ids = self.ids
            checks.append(lambda r: r.id in ids)
        if self.bands:
            checks.append(lambda r: r.band in self.bands)
        if self.kinds:
            checks.append(lambda r: r.kind in self.kinds)
        if self.region:
            checks.append(lambda r: r.region == self.region)
        if self.language:
            language = self.language.casefold()
            checks.append(lambda r: r.language.casefold() == language)
        if self.showcase:
            checks.append(lambda r: r.showcase)
        if self.help_requested:
            checks.append(lambda r: r.help_requested_on is not None)
        if self.unassigned:
            checks.append(lambda r: r.volunteer_id is None)
        return checks


@dataclass(frozen=True)
class FacilitatorFilter(_RowFilter):
    """What the Volunteers view shows: every criterion left empty accepts everything."""

    text: str = ""
    region: str = ""
    language: str = ""
    with_room: bool = False
    include_inactive: bool = False

    def _checks(self) -> list[Callable[[FacilitatorRow], bool]]:
        checks: list[Callable[[FacilitatorRow], bool]] = []
        if not self.include_inactive:
            checks.append(lambda r: r.active)
        if self.region:
            checks.append(lambda r: r.region == self.region)
        if self.language:
            language = self.language.casefold()
            checks.append(lambda r: language in {lang.casefold() for lang in r.languages})
        if self.with_room:
            checks.append(lambda r: r.has_room)
        return checks

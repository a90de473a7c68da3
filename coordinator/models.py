"""Typed SQLAlchemy 2 models for the whole domain (see DESIGN.md).

Conventions: instants are ``UTCDateTime`` (stored naive UTC, returned aware UTC); recurring
things are a rule + local wall time + IANA zone; lists are JSON arrays; every row that a
person edits carries a ``version`` column for optimistic concurrency.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates
from sqlalchemy.types import DateTime, TypeDecorator

from coordinator.domain import (
    MON_FRI,
    AssignmentStatus,
    Cadence,
    CommunityKind,
    OccurrenceStatus,
    WebinarTrack,
    Weekdays,
    check_time_zone,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


ONLY_ACTIVE = "status = 'active'"
ONE_ACTIVE_INDEX = "ix_assignment_one_active_per_community"


class UTCDateTime(TypeDecorator[datetime]):
    """An instant: refuses naive datetimes, stores naive UTC, returns aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: instants must carry a time zone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class ZoneName(TypeDecorator[str]):
    """An IANA time zone name, validated on the way in."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else check_time_zone(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return value


class WeekdaysType(TypeDecorator[Weekdays]):
    """A set of weekdays stored as compact text (``Mon-Fri``, ``Sun-Thu``, ``Mon;Wed``)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Weekdays | None, dialect: Dialect) -> str | None:
        return None if value is None else value.to_text()

    def process_result_value(self, value: str | None, dialect: Dialect) -> Weekdays | None:
        return None if value is None else Weekdays.parse(value)


def _enum(enum_cls: type) -> Enum:
    """Store an enum by its value (readable in the file, stable across renames of members)."""
    return Enum(
        enum_cls,
        native_enum=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def utcnow() -> datetime:
    """The current instant, aware UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        list[str]: JSON(),
        dict[str, Any]: JSON(),
        Weekdays: WeekdaysType(),
        CommunityKind: _enum(CommunityKind),
        AssignmentStatus: _enum(AssignmentStatus),
        Cadence: _enum(Cadence),
        OccurrenceStatus: _enum(OccurrenceStatus),
        WebinarTrack: _enum(WebinarTrack),
    }


class Community(Base):
    """A Community of Practice and its host (the CoP's own facilitator)."""

    __tablename__ = "community"
    __table_args__ = (
        CheckConstraint("members >= 0", name="members_not_negative"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[CommunityKind] = mapped_column(default=CommunityKind.BUSINESS_UNIT)
    host_name: Mapped[str] = mapped_column(String(200), default="")
    host_email: Mapped[str] = mapped_column(String(254), default="", index=True)
    time_zone: Mapped[str] = mapped_column(ZoneName())
    language: Mapped[str] = mapped_column(String(64), default="English")
    topics: Mapped[list[str]] = mapped_column(default=list)
    members: Mapped[int] = mapped_column(default=0)
    created_on: Mapped[date | None]
    showcase: Mapped[bool] = mapped_column(default=False)
    help_requested_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    # Host working hours; None means "the setting's default" (09:00-17:00 Mon-Fri).
    host_work_start: Mapped[time | None]
    host_work_end: Mapped[time | None]
    host_work_days: Mapped[Weekdays | None]
    version: Mapped[int] = mapped_column(default=1)

    assignments: Mapped[list[Assignment]] = relationship(back_populates="community")
    snapshots: Mapped[list[ActivitySnapshot]] = relationship(
        back_populates="community", cascade="all, delete-orphan", order_by="ActivitySnapshot.month"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def help_requested(self) -> bool:
        return self.help_requested_on is not None

    @validates("time_zone")
    def _check_zone(self, _key: str, value: str) -> str:
        return check_time_zone(value)

    def __repr__(self) -> str:
        return f"Community({self.id!r}, {self.name!r})"


class Facilitator(Base):
    """A volunteer facilitator who coaches the hosts of a caseload of communities."""

    __tablename__ = "facilitator"
    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("length(trim(email)) > 0", name="email_not_blank"),
        CheckConstraint("work_end > work_start", name="work_end_after_start"),
        CheckConstraint(
            "available_until IS NULL OR available_from IS NULL"
            " OR available_until >= available_from",
            name="available_until_after_from",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    time_zone: Mapped[str] = mapped_column(ZoneName())
    work_start: Mapped[time] = mapped_column(default=time(9, 0))
    work_end: Mapped[time] = mapped_column(default=time(17, 0))
    work_days: Mapped[Weekdays] = mapped_column(default=MON_FRI)
    languages: Mapped[list[str]] = mapped_column(default=list)
    skills: Mapped[list[str]] = mapped_column(default=list)
    capacity: Mapped[int] = mapped_column(default=10)
    available_from: Mapped[date | None]
    available_until: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    assignments: Mapped[list[Assignment]] = relationship(back_populates="facilitator")

    __mapper_args__ = {"version_id_col": version}

    @validates("time_zone")
    def _check_zone(self, _key: str, value: str) -> str:
        return check_time_zone(value)

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower()

    def __repr__(self) -> str:
        return f"Facilitator({self.id!r}, {self.email!r})"


class Assignment(Base):
    """A caseload entry: one volunteer coaching one community's host for a period."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("ends_on > starts_on", name="ends_after_start"),
        # At most one active assignment per community (PostgreSQL's form of the same partial
        # index is added by ``describe_for_postgresql``).
        Index(
            ONE_ACTIVE_INDEX,
            "community_id",
            unique=True,
            sqlite_where=text(ONLY_ACTIVE),
        ),
        Index("ix_assignment_facilitator_status", "facilitator_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id", ondelete="CASCADE"))
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    status: Mapped[AssignmentStatus] = mapped_column(default=AssignmentStatus.ACTIVE)
    pinned: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    facilitator: Mapped[Facilitator] = relationship(back_populates="assignments")
    community: Mapped[Community] = relationship(back_populates="assignments")
    check_in_series: Mapped[list[CheckInSeries]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class CheckInSeries(Base):
    """Recurring check-ins of one assignment: rule + local wall time + IANA zone."""

    __tablename__ = "check_in_series"
    __table_args__ = (
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_valid"),
        CheckConstraint("until_on IS NULL OR until_on >= starts_on", name="until_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), index=True
    )
    cadence: Mapped[Cadence] = mapped_column(default=Cadence.WEEKLY)
    weekday: Mapped[int] = mapped_column(default=0)  # 0 = Monday; ignored for daily
    # A daily series' weekdays (series zone), fixed when it is placed so a later change of
    # working days never rewrites its history; the scheduler re-slots it if they no longer
    # fit. None for other cadences, and for daily series placed before schema 0004 (derived).
    days: Mapped[Weekdays | None] = mapped_column(default=None)
    local_time: Mapped[time]
    time_zone: Mapped[str] = mapped_column(ZoneName())
    duration_minutes: Mapped[int] = mapped_column(default=30)
    starts_on: Mapped[date]
    until_on: Mapped[date | None]
    # Reminder lead times in minutes; None means "the setting's default".
    reminder_minutes: Mapped[list[int] | None] = mapped_column(JSON, default=None)
    sequence: Mapped[int] = mapped_column(default=0)  # iCalendar SEQUENCE, raised on change
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="check_in_series")
    occurrences: Mapped[list[CheckInOccurrence]] = relationship(
        back_populates="series", cascade="all, delete-orphan"
    )


class CheckInOccurrence(Base):
    """A stored occurrence: only those logged, moved or cancelled (the rest are expanded)."""

    __tablename__ = "check_in_occurrence"
    __table_args__ = (UniqueConstraint("series_id", "original_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("check_in_series.id", ondelete="CASCADE"))
    original_start: Mapped[datetime]  # the instant the rule gave (iCalendar RECURRENCE-ID)
    start: Mapped[datetime]  # the actual instant (differs when moved)
    duration_minutes: Mapped[int] = mapped_column(default=30)
    status: Mapped[OccurrenceStatus] = mapped_column(default=OccurrenceStatus.SCHEDULED)
    notes: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    logged_at: Mapped[datetime | None]

    series: Mapped[CheckInSeries] = relationship(back_populates="occurrences")


class WebinarSeries(Base):
    """A monthly webinar, e.g. "second Tuesday" (ordinal 2, weekday 1) or "last Thursday"."""

    __tablename__ = "webinar_series"
    __table_args__ = (
        CheckConstraint("ordinal IN (-1, 1, 2, 3, 4)", name="ordinal_valid"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_valid"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    track: Mapped[WebinarTrack] = mapped_column(default=WebinarTrack.PARTICIPATION)
    description: Mapped[str] = mapped_column(Text, default="")
    ordinal: Mapped[int] = mapped_column(default=2)  # 1..4, or -1 for "last"
    weekday: Mapped[int] = mapped_column(default=1)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    starts_on: Mapped[date]
    until_on: Mapped[date | None]
    reminder_minutes: Mapped[list[int] | None] = mapped_column(JSON, default=None)
    sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    sessions: Mapped[list[WebinarSession]] = relationship(
        back_populates="series", cascade="all, delete-orphan", order_by="WebinarSession.id"
    )


class WebinarSession(Base):
    """One sitting of a webinar at a local time in a zone, so every region gets a humane hour."""

    __tablename__ = "webinar_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(
        ForeignKey("webinar_series.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(100), default="")
    local_time: Mapped[time]
    time_zone: Mapped[str] = mapped_column(ZoneName())
    # Raised when one of its occurrences moves or is (un)cancelled; the .ics SEQUENCE of the
    # session is the series' sequence plus this.
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    series: Mapped[WebinarSeries] = relationship(back_populates="sessions")
    occurrences: Mapped[list[WebinarOccurrence]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class WebinarOccurrence(Base):
    """A stored webinar occurrence (logged, moved or cancelled) and its attendance."""

    __tablename__ = "webinar_occurrence"
    __table_args__ = (UniqueConstraint("session_id", "original_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("webinar_session.id", ondelete="CASCADE"))
    original_start: Mapped[datetime]
    start: Mapped[datetime]
    status: Mapped[OccurrenceStatus] = mapped_column(default=OccurrenceStatus.SCHEDULED)
    notes: Mapped[str] = mapped_column(Text, default="")

    session: Mapped[WebinarSession] = relationship(back_populates="occurrences")
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="occurrence", cascade="all, delete-orphan"
    )


class Attendance(Base):
    """Who attended a webinar occurrence: a volunteer or a community's host."""

    __tablename__ = "attendance"
    __table_args__ = (
        CheckConstraint("(facilitator_id IS NULL) != (community_id IS NULL)", name="one_attendee"),
        UniqueConstraint("occurrence_id", "facilitator_id", "community_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(
        ForeignKey("webinar_occurrence.id", ondelete="CASCADE")
    )
    facilitator_id: Mapped[int | None] = mapped_column(
        ForeignKey("facilitator.id", ondelete="CASCADE")
    )
    community_id: Mapped[int | None] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))

    occurrence: Mapped[WebinarOccurrence] = relationship(back_populates="attendance")


class ReminderState(Base):
    """What happened to one reminder (item occurrence × lead time): fired, snoozed, dismissed."""

    __tablename__ = "reminder_state"
    __table_args__ = (UniqueConstraint("owner", "item_uid", "occurrence_start", "lead_minutes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Whose reminder: coordinators sharing a server each keep their own ("" for one-user files
    # and for state written before owners existed; see ``coordinator.identity``).
    owner: Mapped[str] = mapped_column(String(100), default="", server_default="")
    item_uid: Mapped[str] = mapped_column(String(200))
    occurrence_start: Mapped[datetime]
    lead_minutes: Mapped[int]
    fired_at: Mapped[datetime | None]
    snoozed_until: Mapped[datetime | None]
    dismissed_at: Mapped[datetime | None]


class ActivitySnapshot(Base):
    """A community's activity in one month, imported from the collaboration platform."""

    __tablename__ = "activity_snapshot"
    __table_args__ = (
        UniqueConstraint("community_id", "month"),
        CheckConstraint(
            "active_members >= 0 AND posts >= 0 AND replies >= 0", name="counts_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    month: Mapped[date]  # first day of the month
    active_members: Mapped[int] = mapped_column(default=0)
    posts: Mapped[int] = mapped_column(default=0)
    replies: Mapped[int] = mapped_column(default=0)

    community: Mapped[Community] = relationship(back_populates="snapshots")


class AuditEntry(Base):
    """What changed, when, old → new (one row per changed entity)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(32))  # create / update / delete / import / …
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)  # field -> [old, new]


class Setting(Base):
    """A named setting with a JSON value; defaults live in ``coordinator.settings``."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def describe_for_postgresql() -> None:
    """Give the models PostgreSQL's form of their partial index (the migrations have it).

    Naming a ``postgresql_*`` option in the model itself would import PostgreSQL's whole dialect
    (its four drivers and asyncio: 40-65 ms) on every start on a SQLite file, where it is never
    used; a server database calls this when it opens. Calling it again changes nothing.
    """
    index = next(i for i in Assignment.__table__.indexes if i.name == ONE_ACTIVE_INDEX)
    index.dialect_options["postgresql"]["where"] = text(ONLY_ACTIVE)

"""(Re)building check-in series for new and changed assignments.

Nothing before ``start`` changes and stored occurrences (logged, moved, cancelled) are never
touched: a series whose slot no longer works is ended after its last stored occurrence (or
before ``start``) and a new series continues from there; a series that has not begun and has
nothing stored is re-slotted in place (same UID, higher SEQUENCE).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from coordinator import audit
from coordinator.db import Database
from coordinator.domain import AssignmentStatus, Cadence, Weekdays
from coordinator.models import Assignment, CheckInOccurrence, CheckInSeries
from coordinator.scheduling.bookings import (
    BuildContext,
    add_load,
    assignment_parties,
    book,
    collides,
    rule_intervals,
    slot_checker,
    stored_at,
)
from coordinator.scheduling.events import CHECK_IN, events_between
from coordinator.scheduling.parties import host_week, volunteer_week
from coordinator.scheduling.recurrence import rule_dates
from coordinator.scheduling.report import BuildReport, ScheduleChange, add_months, describe
from coordinator.scheduling.slots import (
    choose_check_in_slot,
    epoch_minutes,
    evaluate,
    weekly_load,
)
from coordinator.settings import Settings, load_settings


def build_schedule(
    session: Session,
    *,
    start: date,
    months: int,
    settings: Settings | None = None,
    assignment_ids: Collection[int] | None = None,
    overrides: Mapping[int, tuple[Cadence, int]] | None = None,
) -> BuildReport:
    """Create or fix check-in series of active assignments overlapping ``start`` + ``months``.

    ``overrides`` maps an assignment to a (cadence, minutes) to use instead of its series'
    own (or the settings' for a new series). Writes one audit entry; the caller commits.
    """
    settings = settings or load_settings(session)
    overrides = overrides or {}
    horizon_end = add_months(start, months)
    ctx = BuildContext(session, settings, start, BuildReport(start, horizon_end))
    ctx.volunteers, ctx.host_keys = assignment_parties(session)
    query = select(Assignment).options(
        selectinload(Assignment.facilitator),
        selectinload(Assignment.community),
        selectinload(Assignment.check_in_series),
    )
    if assignment_ids is not None:
        query = query.where(Assignment.id.in_(list(assignment_ids)))
    assignments = session.scalars(query.order_by(Assignment.id)).all()
    stored = _last_stored_dates(session)
    in_scope = [
        a
        for a in assignments
        if a.status == AssignmentStatus.ACTIVE and a.starts_on < horizon_end and a.ends_on >= start
    ]
    for assignment in assignments:
        _end_series(ctx, assignment, stored)

    # Decide which existing series stay: inside both parties' hours on every remaining date.
    to_place: list[tuple[Assignment, CheckInSeries | None, float]] = []
    keep: list[tuple[Assignment, CheckInSeries]] = []
    for assignment in in_scope:
        current = _current_series(assignment, start)
        if current is None:
            to_place.append((assignment, None, 0.0))
            continue
        wanted = overrides.get(assignment.id)
        if wanted is not None and wanted != (current.cadence, current.duration_minutes):
            to_place.append((assignment, current, -1.0))  # -1: any slot is better
            continue
        if current.time_zone != assignment.facilitator.time_zone:
            to_place.append((assignment, current, -1.0))  # the volunteer moved: their zone now
            continue
        share = _share_valid(ctx, assignment, current)
        if share < 1.0:
            to_place.append((assignment, current, share))
        else:
            keep.append((assignment, current))

    # Book what stays (a kept series colliding with one kept before it is re-planned), then
    # every other commitment: stored occurrences and series outside this build.
    far_end = max((a.ends_on for a in in_scope), default=start)
    events = events_between(
        session,
        datetime.combine(start, time(), UTC) - timedelta(days=1),
        datetime.combine(far_end, time(), UTC) + timedelta(days=2),
        kinds=(CHECK_IN,),
        include_cancelled=False,
        settings=settings,
    )
    for event in events:
        ctx.events[event.series_id].append(event)
    replaced_ids = {s.id for _, s, _ in to_place if s is not None}
    kept_ids: set[int] = set()
    for assignment, series in keep:
        if collides(ctx, assignment, rule_intervals(ctx, series, assignment.ends_on)):
            to_place.append((assignment, series, 1.0 - 1e-9))
            replaced_ids.add(series.id)
            continue
        kept_ids.add(series.id)
        if not _extend_to_assignment_end(ctx, assignment, series):
            ctx.report.unchanged += 1
    handled = replaced_ids | kept_ids
    for event in events:
        if event.occurrence_id is not None or event.series_id not in handled:
            book(ctx, event.assignment_id, [(epoch_minutes(event.start), epoch_minutes(event.end))])
    rows = session.execute(
        select(
            CheckInSeries.id,
            CheckInSeries.cadence,
            CheckInSeries.weekday,
            Assignment.facilitator_id,
        )
        .join(Assignment, CheckInSeries.assignment_id == Assignment.id)
        .where(CheckInSeries.id.in_(list(ctx.events)))
    )
    for series_id, cadence, weekday, facilitator_id in rows:
        if series_id not in replaced_ids:
            add_load(ctx, facilitator_id, weekly_load(cadence, weekday))

    for assignment, series, share in sorted(to_place, key=lambda item: item[0].id):
        _place(ctx, assignment, series, share, stored, overrides.get(assignment.id))
    session.flush()  # once: new series get their ids for the report
    for action, assignment_id, target, text in ctx.pending:
        series_id = None if target is None else target.id
        ctx.report.changes.append(ScheduleChange(action, assignment_id, series_id, text))
    changes = {f"{i}:{c.action}": [None, c.text] for i, c in enumerate(ctx.report.changes)}
    summary = f"schedule from {start} for {months} month(s): {ctx.report.summary()}"
    audit.record(session, "schedule", "check_in_series", None, summary, changes)
    return ctx.report


def _last_stored_dates(session: Session) -> dict[int, datetime]:
    rows = session.execute(
        select(
            CheckInOccurrence.series_id,
            func.max(CheckInOccurrence.original_start),
            func.max(CheckInOccurrence.start),
        ).group_by(CheckInOccurrence.series_id)
    ).all()
    return {series_id: max(a, b) for series_id, a, b in rows}


def _current_series(assignment: Assignment, start: date) -> CheckInSeries | None:
    open_ones = [s for s in assignment.check_in_series if s.until_on is None or s.until_on >= start]
    return max(open_ones, key=lambda s: (s.starts_on, s.id), default=None)


def _cutoff(series: CheckInSeries, start: date, stored: Mapping[int, datetime]) -> date:
    """First date a re-planned series may use: after ``start`` and every stored occurrence."""
    day = max(start, series.starts_on)
    last = stored.get(series.id)
    if last is not None:
        day = max(day, last.astimezone(ZoneInfo(series.time_zone)).date() + timedelta(days=1))
    return day


def _end_series(ctx: BuildContext, assignment: Assignment, stored: Mapping[int, datetime]) -> None:
    """Stop the check-ins of an ended assignment from ``start`` on (stored ones stay)."""
    if assignment.status == AssignmentStatus.ACTIVE:
        return
    for series in list(assignment.check_in_series):
        if series.id not in stored and series.starts_on >= ctx.start:
            text = f"removed check-ins of {_names(assignment)} ({assignment.status.value})"
            ctx.report.changes.append(ScheduleChange("ended", assignment.id, series.id, text))
            assignment.check_in_series.remove(series)
            continue
        until = _cutoff(series, ctx.start, stored) - timedelta(days=1)
        if series.until_on is not None and series.until_on <= until:
            continue
        old = series.until_on
        series.until_on, series.sequence = until, series.sequence + 1
        text = (
            f"ended check-ins of {_names(assignment)} (assignment {assignment.status.value}): "
            f"last date {old or 'open'} → {until}"
        )
        ctx.report.changes.append(ScheduleChange("ended", assignment.id, series.id, text))


def _share_valid(ctx: BuildContext, assignment: Assignment, series: CheckInSeries) -> float:
    first, last = max(ctx.start, series.starts_on), assignment.ends_on
    if first > last:
        return 1.0
    checker = slot_checker(ctx, assignment, first, last)
    days = None if series.days is None else tuple(series.days)
    if days is None and series.cadence == Cadence.DAILY:  # placed before weekdays were stored
        days = checker.daily_days(series.local_time, series.starts_on)
    elif series.weekday not in assignment.facilitator.work_days:
        return 0.0
    dates = list(
        rule_dates(series.cadence, series.weekday, series.starts_on, last, first, last, days)
    )
    if not dates:
        return 1.0
    # A daily series' stored weekdays may include one the volunteer no longer works.
    work_days = assignment.facilitator.work_days
    on_duty = [day for day in dates if day.weekday() in work_days]
    good = evaluate(checker, on_duty, series.local_time, series.duration_minutes, ())
    return 0.0 if good is None else good / len(dates)


def _extend_to_assignment_end(
    ctx: BuildContext, assignment: Assignment, series: CheckInSeries
) -> bool:
    """Align the series' last date with the assignment's end; True when it changed."""
    if series.until_on == assignment.ends_on:
        return False
    old = series.until_on
    series.until_on, series.sequence = assignment.ends_on, series.sequence + 1
    text = (
        f"changed check-ins of {_names(assignment)}: last date {old or 'open'} → {series.until_on}"
    )
    ctx.report.changes.append(ScheduleChange("changed", assignment.id, series.id, text))
    return True


def _names(assignment: Assignment) -> str:
    return f"{assignment.community.name} with {assignment.facilitator.name}"


def _place(
    ctx: BuildContext,
    assignment: Assignment,
    series: CheckInSeries | None,
    share: float,
    stored: Mapping[int, datetime],
    override: tuple[Cadence, int] | None,
) -> None:
    """Choose a slot for a new series, or for the rest of one that no longer works."""
    if override is not None:
        cadence, minutes = override
    elif series is not None:
        cadence, minutes = series.cadence, series.duration_minutes
    else:
        cadence, minutes = ctx.settings.check_in_cadence, ctx.settings.check_in_minutes
    first = max(ctx.start, assignment.starts_on)
    if series is not None:
        first = _cutoff(series, ctx.start, stored)
    last = assignment.ends_on
    if series is not None and first > max(ctx.start, series.starts_on):
        # Its occurrences before the cut (kept because of stored ones after them) still count.
        before = rule_intervals(ctx, series, first - timedelta(days=1))
        book(ctx, assignment.id, [i for i in before if not stored_at(ctx, series, i)])
    if first > last:
        return
    choice = choose_check_in_slot(
        volunteer_week(assignment.facilitator),
        host_week(assignment.community, ctx.settings),
        cadence,
        minutes,
        first,
        last,
        busy=(
            ctx.volunteer_busy[assignment.facilitator_id],
            ctx.host_busy[ctx.host_keys[assignment.id]],
        ),
        load=ctx.load[assignment.facilitator_id],
        clocks=ctx.clocks,
        first_weekday=assignment.facilitator_id % 7,
    )
    better = choice is not None and (override is not None or choice.valid_share > share)
    if choice is None or not better:
        if series is not None:
            # Nothing better exists: the series stays as it is, still booked.
            book(ctx, assignment.id, rule_intervals(ctx, series, last, first))
            add_load(ctx, assignment.facilitator_id, weekly_load(series.cadence, series.weekday))
            if share < 1.0:
                text = (
                    f"check-ins of {_names(assignment)} are outside someone's working hours on "
                    f"{1 - share:.0%} of dates; there is no better slot"
                )
                ctx.pending.append(("warning", assignment.id, series, text))
            else:
                ctx.report.unchanged += 1
        else:
            ctx.pending.append(("unplaced", assignment.id, None, _why_unplaced(assignment, ctx)))
        return
    host_zone = assignment.community.time_zone
    fields_ = {
        "cadence": cadence,
        "weekday": choice.weekday,
        "local_time": choice.local_time,
        "time_zone": choice.time_zone,
        "duration_minutes": minutes,
        "starts_on": choice.starts_on,
        "until_on": last,
        "days": Weekdays.of(choice.days) if choice.days else None,
    }
    warning = (
        ""
        if choice.valid_share == 1.0
        else (f"; outside someone's working hours on {1 - choice.valid_share:.0%} of dates")
    )
    if series is not None and series.id not in stored and series.starts_on >= ctx.start:
        before = describe(series, host_zone)
        for key, value in fields_.items():
            setattr(series, key, value)
        series.sequence += 1
        target, action = series, "changed"
        after = describe(series, host_zone, choice.days)
        text = f"changed check-ins of {_names(assignment)}: {before} → {after}"
    else:
        if series is not None:
            series.until_on, series.sequence = first - timedelta(days=1), series.sequence + 1
        target = CheckInSeries(assignment=assignment, **fields_)
        ctx.session.add(target)
        action = "created" if series is None else "replaced"
        verb = "created" if series is None else "continued"
        text = (
            f"{verb} check-ins of {_names(assignment)}: {describe(target, host_zone, choice.days)}"
            f", {choice.starts_on} → {last}"
        )
    ctx.pending.append((action, assignment.id, target, text + warning))
    book(ctx, assignment.id, rule_intervals(ctx, choice, last, choice.starts_on))
    add_load(ctx, assignment.facilitator_id, weekly_load(cadence, choice.weekday, choice.days))


def _why_unplaced(assignment: Assignment, ctx: BuildContext) -> str:
    """Say whether the two working weeks never meet or every shared time is taken."""
    volunteer = volunteer_week(assignment.facilitator)
    host = host_week(assignment.community, ctx.settings)
    first = max(ctx.start, assignment.starts_on)
    minutes = ctx.settings.check_in_minutes
    cadence = ctx.settings.check_in_cadence
    meet = choose_check_in_slot(volunteer, host, cadence, minutes, first, assignment.ends_on)
    reason = (
        "every shared working time is already taken by other check-ins"
        if meet is not None
        else f"{volunteer.time_zone} {volunteer.start:%H:%M}–{volunteer.end:%H:%M} "
        f"{volunteer.days} and {host.time_zone} {host.start:%H:%M}–{host.end:%H:%M} "
        f"{host.days} never meet"
    )
    return f"no check-in slot for {_names(assignment)}: {reason}"


def schedule_programme(
    database: Database, *, start: date | None = None, months: int | None = None
) -> BuildReport:
    """Build or fix every active assignment's check-ins in one transaction (window and CLI)."""
    with database.unit_of_work() as session:
        settings = load_settings(session)
        return build_schedule(
            session,
            start=start or date.today(),
            months=months or settings.hand_holding_months,
            settings=settings,
        )

"""Scheduling: check-in series, monthly webinars, their occurrences as events, and the log.

Series are stored as rule + local wall time + IANA zone and expanded on demand; an occurrence
that differs from its rule (logged, moved, cancelled) is a stored row keyed by its original
start (the iCalendar RECURRENCE-ID). See ``events_between`` for the one read API.
"""

from coordinator.scheduling.build import build_schedule, schedule_programme
from coordinator.scheduling.events import (
    CHECK_IN,
    WEBINAR,
    Event,
    check_in_uid,
    events_between,
    webinar_uid,
)
from coordinator.scheduling.log import (
    SchedulingError,
    cancel_check_in,
    log_check_in,
    move_check_in,
    move_warnings,
    record_attendance,
    restore_check_in,
    set_webinar_status,
    webinar_attendance,
)
from coordinator.scheduling.overdue import OverdueAssignment, overdue_assignments
from coordinator.scheduling.recurrence import (
    RecurrenceRule,
    check_in_rule,
    monthly_rule_text,
    nth_weekday,
    webinar_rule,
)
from coordinator.scheduling.report import BuildReport, ScheduleChange, add_months
from coordinator.scheduling.series import check_in_starts, first_date, series_days, series_rule
from coordinator.scheduling.slots import SlotChoice, choose_check_in_slot
from coordinator.scheduling.webinars import (
    SessionPlan,
    SessionProposal,
    create_webinar_series,
    plan_sessions,
    webinar_audience,
)

__all__ = [
    "CHECK_IN",
    "WEBINAR",
    "BuildReport",
    "Event",
    "OverdueAssignment",
    "RecurrenceRule",
    "ScheduleChange",
    "SchedulingError",
    "SessionPlan",
    "SessionProposal",
    "SlotChoice",
    "add_months",
    "build_schedule",
    "cancel_check_in",
    "check_in_rule",
    "check_in_starts",
    "check_in_uid",
    "choose_check_in_slot",
    "create_webinar_series",
    "events_between",
    "first_date",
    "log_check_in",
    "monthly_rule_text",
    "move_check_in",
    "move_warnings",
    "nth_weekday",
    "overdue_assignments",
    "plan_sessions",
    "record_attendance",
    "restore_check_in",
    "schedule_programme",
    "series_days",
    "series_rule",
    "set_webinar_status",
    "webinar_attendance",
    "webinar_audience",
    "webinar_rule",
    "webinar_uid",
]

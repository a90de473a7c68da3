"""Reminders before check-ins and webinars: due instants, fired-once state, snooze, catch-up.

Pure core (no Qt): ``coordinator_ui.reminders`` runs it on a scheduler inside the app.
"""

from coordinator.reminders.model import (
    Reminder,
    ReminderKey,
    ReminderStatus,
    lead_times,
    one_per_occurrence,
    reminders_of,
    snooze_until,
)
from coordinator.reminders.service import (
    CATCH_UP_LIMIT,
    DEFAULT_OWNER,
    LAST_SEEN_KEY,
    active_reminders,
    catch_up,
    dismiss,
    fire_due,
    last_seen,
    next_due,
    snooze,
    watermark_key,
)

__all__ = [
    "CATCH_UP_LIMIT",
    "DEFAULT_OWNER",
    "LAST_SEEN_KEY",
    "Reminder",
    "ReminderKey",
    "ReminderStatus",
    "active_reminders",
    "catch_up",
    "dismiss",
    "fire_due",
    "last_seen",
    "lead_times",
    "next_due",
    "one_per_occurrence",
    "reminders_of",
    "snooze",
    "snooze_until",
    "watermark_key",
]

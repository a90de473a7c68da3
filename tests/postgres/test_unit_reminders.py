"""tests/unit/test_reminders.py again, on SQLite and PostgreSQL."""

from tests.unit.test_reminders import *  # noqa: F403

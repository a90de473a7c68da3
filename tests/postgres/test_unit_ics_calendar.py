"""tests/unit/test_ics_calendar.py again, on SQLite and PostgreSQL."""

from tests.unit.test_ics_calendar import *  # noqa: F403

"""tests/unit/test_scheduling_events.py again, on SQLite and PostgreSQL."""

from tests.unit.test_scheduling_events import *  # noqa: F403

"""tests/unit/test_ics_updates.py again, on SQLite and PostgreSQL."""

from tests.unit.test_ics_updates import *  # noqa: F403

"""tests/unit/test_roster.py again, on SQLite and PostgreSQL."""

from tests.unit.test_roster import *  # noqa: F403

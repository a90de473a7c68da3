"""tests/unit/test_roster_queries.py again, on SQLite and PostgreSQL."""

from tests.unit.test_roster_queries import *  # noqa: F403

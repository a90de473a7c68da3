"""tests/unit/test_queries.py again, on SQLite and PostgreSQL."""

from tests.unit.test_queries import *  # noqa: F403

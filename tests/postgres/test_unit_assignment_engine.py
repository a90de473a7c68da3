"""tests/unit/test_assignment_engine.py again, on SQLite and PostgreSQL."""

from tests.unit.test_assignment_engine import *  # noqa: F403

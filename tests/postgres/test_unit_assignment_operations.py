"""tests/unit/test_assignment_operations.py again, on SQLite and PostgreSQL."""

from tests.unit.test_assignment_operations import *  # noqa: F403

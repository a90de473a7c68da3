"""tests/unit/test_exporting.py again, on SQLite and PostgreSQL."""

from tests.unit.test_exporting import *  # noqa: F403

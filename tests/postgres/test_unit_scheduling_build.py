"""tests/unit/test_scheduling_build.py again, on SQLite and PostgreSQL."""

from tests.unit.test_scheduling_build import *  # noqa: F403

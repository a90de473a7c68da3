"""tests/unit/test_demo.py again, on SQLite and PostgreSQL."""

from tests.unit.test_demo import *  # noqa: F403

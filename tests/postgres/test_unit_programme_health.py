"""tests/unit/test_programme_health.py again, on SQLite and PostgreSQL."""

from tests.unit.test_programme_health import *  # noqa: F403

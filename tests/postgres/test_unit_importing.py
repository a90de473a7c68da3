"""tests/unit/test_importing.py again, on SQLite and PostgreSQL."""

from tests.unit.test_importing import *  # noqa: F403

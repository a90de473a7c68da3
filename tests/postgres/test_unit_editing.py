"""tests/unit/test_editing.py again, on SQLite and PostgreSQL."""

from tests.unit.test_editing import *  # noqa: F403

"""Alembic environment and revision scripts (one file per schema version)."""

"""Schema migrations through Alembic, run programmatically (no alembic.ini needed)."""

from __future__ import annotations

import logging

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from coordinator import paths

log = logging.getLogger(__name__)


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config pointing at our migrations; ``engine`` is handed to env.py."""
    config = Config()
    config.set_main_option("script_location", str(paths.migrations_path()))
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest revision the code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at (None when it was never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def known_revisions() -> set[str]:
    """Every revision the code has a migration for."""
    return {
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }


def check_not_newer(revision: str | None, name: str) -> None:
    """Refuse a database whose schema a newer version of Coordinator wrote (no downgrades)."""
    if revision is None or revision in known_revisions():
        return
    from coordinator.db import DatabaseError  # db imports this module lazily, not at the top

    raise DatabaseError(
        f"{name} was saved by a newer version of Coordinator (database schema {revision}; "
        f"this version knows schemas up to {head_revision()}). Open it with that newer "
        "version; nothing was changed."
    )


def upgrade_to_head(engine: Engine) -> bool:
    """Bring the schema up to date; return True when anything was applied."""
    before = current_revision(engine)
    if before == head_revision():
        return False
    log.info("Upgrading database schema from %s to %s", before or "empty", head_revision())
    command.upgrade(alembic_config(engine), "head")
    return True

"""Fixtures for running persistence tests on SQLite and on a real PostgreSQL server.

``COORDINATOR_TEST_PG_URL`` names a server where the role may CREATE DATABASE and CREATE ROLE
(``.ci/postgres.sh`` starts one); each test gets a fresh database, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from coordinator.cli import main
from coordinator.db import Database, open_database

PG_ENV = "COORDINATOR_TEST_PG_URL"


def _admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set; run .ci/postgres.sh to start a PostgreSQL server")
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database (dropped after the test)."""
    admin = make_url(_admin_url())
    name = f"coordinator_test_{secrets.token_hex(6)}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield admin.set(database=name).render_as_string(hide_password=False)
        with engine.connect() as connection:
            connection.execute(
                text(
                    # Our own leftover clients only: an autovacuum worker on the database runs
                    # as a superuser (not ours to end), and DROP DATABASE cancels it anyway.
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = :name AND pid <> pg_backend_pid()"
                    " AND backend_type = 'client backend' AND usename = current_user"
                ),
                {"name": name},
            )
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        engine.dispose()


@pytest.fixture
def grant_readonly(pg_url: str) -> Iterator[Callable[[], str]]:
    """Makes a role with ``coordinator grant-readonly`` (once the tables exist); returns its URL.

    The role is dropped afterwards.
    """
    role = f"volunteers_{make_url(pg_url).database[-12:]}"
    made: list[str] = []

    def grant() -> str:
        assert main(["grant-readonly", role, "--db", pg_url]) == 0
        made.append(role)
        return (
            make_url(pg_url).set(username=role, password="").render_as_string(hide_password=False)
        )

    yield grant
    if not made:
        return
    admin = open_database(pg_url)
    try:
        with admin.engine.begin() as connection:
            for statement in (
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM",
                "REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM",
                "REVOKE USAGE ON SCHEMA public FROM",
                f'REVOKE CONNECT ON DATABASE "{make_url(pg_url).database}" FROM',
            ):
                connection.exec_driver_sql(f'{statement} "{role}"')
            connection.exec_driver_sql(f'DROP ROLE "{role}"')
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'programme.sqlite3'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    """A fresh, migrated database on each backend."""
    db = open_database(db_url)
    yield db
    db.dispose()


# Tests of tests/unit that cannot run on PostgreSQL as written, with the reason.
_NOT_ON_POSTGRES: dict[str, str] = {}  # name -> why a re-run unit test cannot pass there
# Re-run unit tests about the SQLite file itself.
_SQLITE_FILE_ONLY = {"test_publishing_over_the_database_itself_is_refused"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Re-run unit tests on PostgreSQL only (tests/unit covers SQLite); skip SQLite-file ones."""
    again_on_sqlite = [
        item
        for item in items
        if item.path.name.startswith("test_unit_")
        and getattr(item, "callspec", None) is not None
        and item.callspec.params.get("db_url") == "sqlite"
    ]
    if again_on_sqlite:
        config.hook.pytest_deselected(items=again_on_sqlite)
        chosen = set(again_on_sqlite)
        items[:] = [item for item in items if item not in chosen]
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None or callspec.params.get("db_url") != "postgresql":
            continue
        name = getattr(item, "originalname", item.name)
        if "db_path" in getattr(item, "fixturenames", ()) or name in _SQLITE_FILE_ONLY:
            item.add_marker(pytest.mark.skip(reason="opens the SQLite file by path (db_path)"))
        elif name in _NOT_ON_POSTGRES:
            item.add_marker(pytest.mark.xfail(reason=_NOT_ON_POSTGRES[name], strict=False))

"""Shared team databases: copying a programme between databases and a read-only role.

Used by ``coordinator migrate-db`` and ``coordinator grant-readonly``; no Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from alembic import command
from sqlalchemy import Connection, Engine, create_engine, func, insert, inspect, select, text
from sqlalchemy.engine import make_url

from coordinator.db import DatabaseError, is_sqlite, resolve_url
from coordinator.migrate import alembic_config
from coordinator.models import Base

_BATCH = 1000
_ROLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


@dataclass(frozen=True)
class _OneConnection:
    """Hands Alembic's env.py an open connection, so migrations join our transaction."""

    connection: Connection

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        yield self.connection


def _engine(db: str) -> Engine:
    url = resolve_url(db)
    return create_engine(url) if is_sqlite(url) else create_engine(url, pool_pre_ping=True)


def _tables_with_rows(connection: Connection) -> list[str]:
    names = set(inspect(connection).get_table_names()) - {"alembic_version"}
    return sorted(
        t.name
        for t in Base.metadata.sorted_tables
        if t.name in names and connection.scalar(select(func.count()).select_from(t))
    )


def migrate_database(source: str, target: str) -> dict[str, int]:
    """Copy every table of ``source`` into the empty ``target`` in one transaction."""
    source_engine, target_engine = _engine(source), _engine(target)
    try:
        with source_engine.connect() as reader, target_engine.begin() as writer:
            if "community" not in inspect(reader).get_table_names():
                raise DatabaseError(f"{_name(source)} is not a Coordinator database.")
            filled = _tables_with_rows(writer)
            if filled:
                raise DatabaseError(
                    f"{_name(target)} already holds data ({', '.join(filled)}); "
                    "migrate-db only copies into an empty database. Nothing was changed."
                )
            config = alembic_config(target_engine)
            config.attributes["engine"] = _OneConnection(writer)
            command.upgrade(config, "head")
            return copy_tables(reader, writer)
    finally:
        source_engine.dispose()
        target_engine.dispose()


def copy_tables(reader: Connection, writer: Connection) -> dict[str, int]:
    """Copy every table's rows from ``reader`` into the empty tables of ``writer``.

    Both are at the newest schema. Parents come before children and ids are kept, so every
    reference still points at the same row; a PostgreSQL target's id sequences are moved past
    the copied ids. Returns the rows copied per table.
    """
    counts = {}
    for table in Base.metadata.sorted_tables:
        rows = reader.execute(select(table)).mappings()
        count = 0
        while chunk := rows.fetchmany(_BATCH):
            writer.execute(insert(table), [dict(r) for r in chunk])
            count += len(chunk)
        counts[table.name] = count
    if writer.dialect.name == "postgresql":
        reset_sequences(writer)
    return counts


def empty_tables(writer: Connection) -> None:
    """Delete every row of the programme (children first); the schema stays."""
    for table in reversed(Base.metadata.sorted_tables):
        writer.execute(table.delete())


def reset_sequences(connection: Connection) -> None:
    """Move each table's id sequence past the ids copied in explicitly."""
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c:
            continue
        sequence = connection.scalar(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        )
        if sequence is None:
            continue
        connection.execute(
            text(
                f'SELECT setval(:seq, COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
            ),
            {"seq": sequence},
        )


def _name(db: str) -> str:
    return make_url(resolve_url(db)).render_as_string(hide_password=True)


def grant_readonly(db: str, role: str, password: str | None = None) -> bool:
    """Create (if missing) a PostgreSQL login role that may only read; True when created."""
    url = resolve_url(db)
    if is_sqlite(url):
        raise DatabaseError(
            "grant-readonly needs a PostgreSQL server (--db postgresql+psycopg://…); a SQLite "
            "file has no roles: share a read-only copy with publish-roster instead."
        )
    if not _ROLE.match(role):
        raise DatabaseError(f"{role!r} is not a plain role name (letters, digits, _).")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            database = connection.scalar(text("SELECT current_database()"))
            exists = connection.scalar(
                text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
            )
            # Identifiers cannot be bound parameters; the name was checked against _ROLE.
            if not exists:
                connection.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN NOINHERIT')
            if password is not None:
                quoted = connection.scalar(text("SELECT quote_literal(:p)"), {"p": password})
                connection.exec_driver_sql(f'ALTER ROLE "{role}" PASSWORD {quoted}')
            for statement in (
                f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"',
                f'GRANT USAGE ON SCHEMA public TO "{role}"',
                f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"',
                f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "{role}"',
            ):
                connection.exec_driver_sql(statement)
            return not exists
    finally:
        engine.dispose()

"""Opening a database: URL resolution, SQLite pragmas, migrations on open, units of work.

``--db`` takes any SQLAlchemy URL (``scheme://…``) or else a file path, whatever characters it
holds (``?``, ``#``, ``%`` are part of the name). SQLite files get WAL, foreign keys and a
busy timeout; a read-only open uses ``mode=ro`` (plus ``immutable`` when the file cannot be
written at all), so it never creates journal files and any write raises.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from coordinator import paths
from coordinator.schema import HEAD_REVISION

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
# ``scheme://`` (``sqlite://``, ``postgresql+psycopg://``): anything else is a file path. Two
# letters at least, so a Windows drive (``C://data``) stays a path.
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")
# PostgreSQL refuses a write by a role without the privilege with this SQLSTATE.
_INSUFFICIENT_PRIVILEGE = "42501"


class DatabaseError(Exception):
    """A database could not be opened or upgraded; the message is meant for a person."""


class ReadOnlyError(DatabaseError):
    """A write was attempted on a database opened read-only."""


def resolve_url(db: str | os.PathLike[str] | None) -> str:
    """Turn ``--db`` (path, URL or nothing) into a SQLAlchemy URL string."""
    if db is None:
        return sqlite_url(paths.default_database_path())
    text = os.fspath(db)
    if _URL_SCHEME.match(text):
        return text
    return sqlite_url(Path(text).expanduser().resolve())


def sqlite_url(path: Path) -> str:
    """The URL of a SQLite file (``?``, ``#``, ``%`` in its name escaped, never parsed)."""
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for in-memory databases and other backends)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    database = parsed.database
    if database.startswith("file:") and parsed.query.get("uri") in ("true", "1"):
        # A SQLite URI filename: its query belongs to SQLite, its name is percent-encoded.
        database = unquote(database[len("file:") :].split("?", 1)[0])
    return Path(database)


def _read_only_sqlite_url(path: Path) -> str:
    """A URI that opens ``path`` read-only; ``immutable`` when the file itself is not writable."""
    if not path.exists():
        raise DatabaseError(f"The database {path} does not exist.")
    flags = {"mode": "ro", "uri": "true"}
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        # Without write access SQLite cannot create the -shm file WAL needs; immutable
        # tells it nobody else writes either, so it reads the file as it is.
        flags["immutable"] = "1"
    # Quoted twice on purpose: the URL parser decodes once, SQLite decodes the URI name again.
    url = URL.create("sqlite", database=f"file:{quote(str(path))}", query=flags)
    return url.render_as_string(hide_password=False)


@dataclass
class Database:
    """An open database: its engine, a session factory and whether writing is allowed."""

    url: str
    engine: Engine
    read_only: bool = False
    session_factory: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        """What the status bar shows: the file path, or the URL without its password."""
        file = self.path
        if file is not None:
            return str(file)
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error."""
        if self.read_only:
            raise ReadOnlyError("This database is open read-only; nothing can be changed.")
        try:
            with self.session_factory.begin() as session:
                yield session
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:
                user = make_url(self.url).username
                raise ReadOnlyError(
                    f"The database server refused the change: the role {user} may only read "
                    f"{self.display_name}. Connect as a coordinator to edit."
                ) from exc
            raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries; closed (never committed) at the end, objects left detached."""
        session = self.session_factory()
        try:
            yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _configure_sqlite(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy manage transactions (pysqlite's own handling is legacy).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # BEGIN IMMEDIATE for writers takes the write lock up front, so two writers
        # wait for each other (busy timeout) instead of failing on lock upgrade.
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def open_database(
    db: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    upgrade: bool = True,
    create: bool = True,
) -> Database:
    """Open (and, unless read-only, create and upgrade) the database named by ``db``."""
    url = resolve_url(db)
    if is_sqlite(url):
        file = sqlite_path(url)
        if read_only:
            if file is None:
                raise DatabaseError("An in-memory database cannot be opened read-only.")
            url_to_use = _read_only_sqlite_url(file)
        else:
            if file is not None:
                if not file.exists() and not create:
                    raise DatabaseError(f"The database {file} does not exist.")
                if file.is_dir():
                    raise DatabaseError(
                        f"{file} is a folder; --db needs a database file, such as "
                        f"{file / 'coordinator.sqlite3'}."
                    )
                _make_folder(file.parent)
            url_to_use = url
        # One connection per checkout keeps file handles short-lived; WAL makes it cheap.
        engine = create_engine(url_to_use, **({"poolclass": NullPool} if file else {}))
        _configure_sqlite(engine, read_only=read_only)
    else:
        from coordinator.models import describe_for_postgresql

        describe_for_postgresql()
        engine = create_engine(url, pool_pre_ping=True)
    database = Database(url=url, engine=engine, read_only=read_only)
    try:
        if read_only:
            _check_schema_present(database)
        elif upgrade and not _at_head(database):
            _upgrade(database)
    except sa_exc.DatabaseError as exc:
        file = database.path
        if file is None:
            raise
        database.dispose()
        # No permission, a locked file, a file that is not SQLite at all: say which file.
        raise DatabaseError(f"Cannot open the database {file}: {exc.orig}.") from exc
    return database


def _make_folder(folder: Path) -> None:
    """Create the folder a database file goes in, or say in plain words why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = next((p for p in (folder, *folder.parents) if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            why, fix = f"{blocker} is a file, not a folder", "choose another place with --db"
        else:
            why = (exc.strerror or str(exc)).lower()
            fix = f"make {blocker or folder.anchor} writable, or choose another place with --db"
        raise DatabaseError(
            f"Cannot create the folder {folder} for the database ({why}): {fix}."
        ) from exc


def _at_head(database: Database) -> bool:
    """True when the database is at the code's newest revision already (no Alembic needed)."""
    try:
        with database.engine.connect() as connection:
            revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            return revision.scalar() == HEAD_REVISION
    except DBAPIError:  # no version table yet: a new or foreign database
        return False


def _upgrade(database: Database) -> None:
    """Migrate to the newest schema, backing the file up first when it already holds data."""
    from coordinator.migrate import (
        check_not_newer,
        current_revision,
        head_revision,
        upgrade_to_head,
    )

    file = database.path
    revision = current_revision(database.engine)
    check_not_newer(revision, database.display_name)
    if file is not None and revision is not None and revision != head_revision():
        from coordinator.backup import backup_database

        backup_database(file, reason="before-upgrade")
    upgrade_to_head(database.engine)


def _check_schema_present(database: Database) -> None:
    try:
        tables = set(inspect(database.engine).get_table_names())
    except Exception as exc:  # driver errors differ per backend
        raise DatabaseError(f"Cannot read {database.display_name}: {exc}") from exc
    if "community" not in tables:
        raise DatabaseError(f"{database.display_name} is not a Coordinator database (or is empty).")

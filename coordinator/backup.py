"""Rotating backups of the database, and restoring one.

Backups are taken before a schema migration (of a SQLite file), daily while the app is open, and
on request. They live in ``<data dir>/backups/`` named ``<database>-<UTC time>-<reason>.sqlite3``;
only the newest ``keep`` per database are kept. Restoring first backs up the current state.

A SQLite file is copied with SQLite's online backup API, and restored by copying the backup *into*
the live file the same way, which SQLite applies as one transaction: readers see either the old or
the restored database, never a mix.

A team server (PostgreSQL) is backed up into the same kind of SQLite file, every table read from
one snapshot (REPEATABLE READ), so the backup is consistent while others keep working; it is named
``<database>-on-<host>``. Restoring empties and refills the server's tables in one transaction.
"""

from __future__ import annotations

import glob
import logging
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from coordinator import paths
from coordinator.db import Database, DatabaseError, ReadOnlyError, open_database

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
_STAMP = "%Y%m%dT%H%M%S%fZ"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z-]+)\.sqlite3$")


@dataclass(frozen=True, order=True)
class Backup:
    """One backup file: when it was taken and why."""

    taken_at: datetime
    path: Path
    reason: str

    @property
    def size_bytes(self) -> int:
        return self.path.stat().st_size


def backup_folder() -> Path:
    """Where backups are kept (created on demand)."""
    folder = paths.data_dir() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


Source = Path | Database  # a SQLite file, or an open database (a file or a server)


def backup_stem(source: Source) -> str:
    """What the names of ``source``'s backups start with: the file's stem, or for a server
    ``<database>-on-<host>`` (each character a file name cannot hold becomes ``_``)."""
    file = _file_of(source)
    if file is not None:
        return file.stem
    assert isinstance(source, Database)
    url = make_url(source.url)
    return _UNSAFE.sub("_", f"{url.database or 'server'}-on-{url.host or 'localhost'}")


def backup_database(
    source: Source,
    *,
    reason: str = "manual",
    folder: Path | None = None,
    keep: int = DEFAULT_KEEP,
    out: Path | None = None,
) -> Backup:
    """Copy ``source`` consistently into a new backup and rotate old ones."""
    file = _file_of(source)
    if file is not None and not file.exists():
        raise DatabaseError(f"The database {file} does not exist.")
    taken_at = datetime.now(UTC)
    if out is None:
        target_folder = folder or backup_folder()
        target = (
            target_folder / f"{backup_stem(source)}-{taken_at.strftime(_STAMP)}-{reason}.sqlite3"
        )
    else:
        target = out
        target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)  # left by a backup that was cut off
    try:
        if file is not None:
            _copy(file, partial)
        else:
            assert isinstance(source, Database)
            _snapshot_server(source, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    log.info("Backed up %s to %s (%s)", _display(source), target, reason)
    if out is None:
        rotate(source, folder=folder, keep=keep)
    return Backup(taken_at=taken_at, path=target, reason=reason)


def list_backups(source: Source, *, folder: Path | None = None) -> list[Backup]:
    """Backups of ``source``, newest first."""
    stem = backup_stem(source)
    found: list[Backup] = []
    for file in (folder or backup_folder()).glob(f"{glob.escape(stem)}-*.sqlite3"):
        match = _NAME.match(file.name)
        if match is None or match["stem"] != stem:
            continue
        taken_at = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        found.append(Backup(taken_at=taken_at, path=file, reason=match["reason"]))
    return sorted(found, reverse=True)


def rotate(source: Source, *, folder: Path | None = None, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``source``; return what was removed."""
    removed = []
    for old in list_backups(source, folder=folder)[max(keep, 1) :]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def latest_backup(source: Source, *, folder: Path | None = None) -> Backup | None:
    """The newest backup of ``source``, if any."""
    backups = list_backups(source, folder=folder)
    return backups[0] if backups else None


def check_backup(file: Path) -> dict[str, int]:
    """Verify a backup is an intact Coordinator database; return its row counts for a preview."""
    if not file.exists():
        raise DatabaseError(f"The backup {file} does not exist.")
    try:
        connection = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            status = connection.execute("PRAGMA integrity_check").fetchone()[0]
            if status != "ok":
                raise DatabaseError(f"The backup {file.name} is damaged: {status}")
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "community" not in tables:
                raise DatabaseError(f"{file.name} is not a Coordinator database.")
            if "alembic_version" in tables:
                from coordinator.migrate import check_not_newer  # Alembic only when needed

                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                check_not_newer(row[0] if row else None, file.name)
            return {
                table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                for table in ("community", "facilitator", "assignment", "check_in_series")
                if table in tables
            }
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{file.name} is not a readable SQLite database: {exc}") from exc


def restore_backup(backup: Path, target: Source, *, folder: Path | None = None) -> Backup | None:
    """Replace ``target``'s content with ``backup`` (after backing up the current state), and
    bring it to the newest schema: a file is copied back whole, then upgraded; a server's tables
    are refilled from a copy of the backup, upgraded first."""
    check_backup(backup)
    if isinstance(target, Database) and target.read_only:
        raise ReadOnlyError(f"{target.display_name} is open read-only: nothing was restored.")
    file = _file_of(target)
    safety = None
    if file is None or file.exists():
        safety = backup_database(target, reason="before-restore", folder=folder)
    if file is not None:
        _copy(backup, file)
        open_database(file).dispose()  # an older backup is upgraded like any older file
    else:
        assert isinstance(target, Database)
        _refill_server(backup, target)
    log.info("Restored %s from %s", _display(target), backup)
    return safety


def _file_of(source: Source) -> Path | None:
    return source if isinstance(source, Path) else source.path


def _display(source: Source) -> str:
    return str(source) if isinstance(source, Path) else source.display_name


def _snapshot_server(database: Database, target: Path) -> None:
    """Copy every table of a server database into the new SQLite file ``target``, all read
    from one snapshot of the server."""
    from coordinator.team import copy_tables  # Alembic and the models: only for a server

    snapshot = open_database(target)  # created at the newest schema, like the server
    try:
        with database.engine.connect() as reader, snapshot.engine.begin() as writer:
            reader.execution_options(isolation_level="REPEATABLE READ")
            with reader.begin():
                copy_tables(reader, writer)
    finally:
        snapshot.dispose()


def _refill_server(backup: Path, database: Database) -> None:
    """Empty the server's tables and fill them from ``backup``, in one transaction."""
    from coordinator.team import copy_tables, empty_tables

    with tempfile.TemporaryDirectory(prefix="coordinator-restore-") as folder:
        copy = Path(folder) / "backup.sqlite3"
        _copy(backup, copy)
        source = open_database(copy)  # an older backup is brought to the current schema first
        try:
            with source.engine.connect() as reader, database.engine.begin() as writer:
                empty_tables(writer)
                copy_tables(reader, writer)
        finally:
            source.dispose()


def _copy(source: Path, target: Path) -> None:
    """SQLite online backup of ``source`` into ``target`` (one transaction on the target)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        dst.execute("PRAGMA busy_timeout = 10000")
        src.backup(dst)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"Could not copy {source.name}: {exc}") from exc
    finally:
        dst.close()
        src.close()

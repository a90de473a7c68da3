"""Rotating backups of the SQLite database (online backup API) and restoring one.

Backups are taken before a schema migration, daily while the app is open, and on request.
They live in ``<data dir>/backups/`` named ``<database>-<UTC time>-<reason>.sqlite3``; only the
newest ``keep`` per database are kept. Restoring first backs up the current state, then copies
the chosen backup *into* the live file through the backup API, which SQLite applies as one
transaction: readers see either the old or the restored database, never a mix.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coordinator import paths
from coordinator.db import DatabaseError

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
_STAMP = "%Y%m%dT%H%M%S%fZ"
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


def backup_database(
    source: Path,
    *,
    reason: str = "manual",
    folder: Path | None = None,
    keep: int = DEFAULT_KEEP,
    out: Path | None = None,
) -> Backup:
    """Copy the SQLite file ``source`` consistently into a new backup and rotate old ones."""
    if not source.exists():
        raise DatabaseError(f"The database {source} does not exist.")
    taken_at = datetime.now(UTC)
    if out is None:
        target_folder = folder or backup_folder()
        target = target_folder / f"{source.stem}-{taken_at.strftime(_STAMP)}-{reason}.sqlite3"
    else:
        target = out
        target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    _copy(source, partial)
    partial.replace(target)
    log.info("Backed up %s to %s (%s)", source, target, reason)
    if out is None:
        rotate(source, folder=folder, keep=keep)
    return Backup(taken_at=taken_at, path=target, reason=reason)


def list_backups(source: Path, *, folder: Path | None = None) -> list[Backup]:
    """Backups of ``source``, newest first."""
    found: list[Backup] = []
    for file in (folder or backup_folder()).glob(f"{source.stem}-*.sqlite3"):
        match = _NAME.match(file.name)
        if match is None or match["stem"] != source.stem:
            continue
        taken_at = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        found.append(Backup(taken_at=taken_at, path=file, reason=match["reason"]))
    return sorted(found, reverse=True)


def rotate(source: Path, *, folder: Path | None = None, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``source``; return what was removed."""
    removed = []
    for old in list_backups(source, folder=folder)[max(keep, 1) :]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def latest_backup(source: Path, *, folder: Path | None = None) -> Backup | None:
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


def restore_backup(backup: Path, target: Path, *, folder: Path | None = None) -> Backup | None:
    """Replace ``target``'s content with ``backup`` (after backing up the current state)."""
    check_backup(backup)
    safety = None
    if target.exists():
        safety = backup_database(target, reason="before-restore", folder=folder)
    _copy(backup, target)
    log.info("Restored %s from %s", target, backup)
    return safety


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

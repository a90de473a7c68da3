"""Publishing the volunteers' roster: a consistent, private-free snapshot written atomically.

The lead publishes to a shared or synced folder; volunteers open the file read-only in the
roster view. The snapshot is taken with SQLite's online backup API (a consistent copy even
while the lead keeps editing), stripped of what volunteers must not see (private notes, the
audit log, the lead's reminder state), vacuumed so nothing deleted lingers in free pages, put in
rollback-journal mode (so read-only readers create no side files), and moved into place with
an atomic rename: a volunteer who has the old file open keeps reading it undisturbed.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from coordinator.db import Database, DatabaseError, open_database
from coordinator.models import (
    AuditEntry,
    Base,
    Community,
    Facilitator,
    ReminderState,
    Setting,
    utcnow,
)

log = logging.getLogger(__name__)

PUBLISHED_AT_KEY = "roster_published_at"
PUBLISHED_FROM_KEY = "roster_published_from"


@dataclass(frozen=True)
class PublishedRoster:
    """What was written: where, when, and how much it holds."""

    path: Path
    published_at: datetime
    communities: int
    facilitators: int
    size_bytes: int


def publish_roster(database: Database, out: Path) -> PublishedRoster:
    """Write a roster snapshot of ``database`` to ``out`` (atomically; never half-written)."""
    out = out.expanduser().resolve()
    if database.path is not None and out == database.path.resolve():
        raise DatabaseError("The roster cannot be published over the database itself.")
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        _copy_database(database, temp)
        published_at = utcnow()
        counts = _strip_private_data(temp, published_at, database.display_name)
        _finalise_file(temp)
        os.replace(temp, out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_directory(out.parent)
    log.info("Published roster to %s", out)
    return PublishedRoster(
        path=out,
        published_at=published_at,
        communities=counts[0],
        facilitators=counts[1],
        size_bytes=out.stat().st_size,
    )


def published_at(session: Session) -> datetime | None:
    """When a roster snapshot was published (None for a live database)."""
    row = session.get(Setting, PUBLISHED_AT_KEY)
    if row is None or not row.value:
        return None
    return datetime.fromisoformat(row.value)


def _copy_database(database: Database, target: Path) -> None:
    """A consistent copy: SQLite's backup API for files, a one-transaction copy otherwise."""
    source_file = database.path
    if source_file is not None:
        source = sqlite3.connect(f"file:{source_file}?mode=ro", uri=True)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        return
    # Any other backend (e.g. PostgreSQL): build the schema by migration, then copy rows
    # table by table inside one read transaction of the source.
    copy = open_database(target)
    try:
        with database.reading() as reader, copy.unit_of_work() as writer:
            for table in Base.metadata.sorted_tables:
                rows = [dict(r) for r in reader.execute(select(table)).mappings()]
                if rows:
                    writer.execute(insert(table), rows)
    finally:
        copy.dispose()


def _strip_private_data(file: Path, at: datetime, source_name: str) -> tuple[int, int]:
    """Remove private notes, the audit log and reminder state; stamp the publication time."""
    snapshot = open_database(file)
    try:
        with snapshot.unit_of_work() as session:
            session.execute(delete(AuditEntry))
            session.execute(delete(ReminderState))
            # The lead's own preferences (reminder bookkeeping, where calendars are published).
            session.execute(
                delete(Setting).where(
                    Setting.key.like("reminders.%") | Setting.key.like("calendar_publish%")
                )
            )
            # Core UPDATEs on purpose: the version columns are the lead's, not a new edit.
            session.execute(update(Community).values(notes=""))
            session.execute(update(Facilitator).values(notes=""))
            for key, value in (
                (PUBLISHED_AT_KEY, at.isoformat()),
                (PUBLISHED_FROM_KEY, source_name),
            ):
                session.merge(Setting(key=key, value=value))
            communities = session.query(Community).count()
            facilitators = session.query(Facilitator).count()
    finally:
        snapshot.dispose()
    return communities, facilitators


def _finalise_file(file: Path) -> None:
    """Rollback-journal mode, no free pages left holding deleted text, flushed to disk."""
    connection = sqlite3.connect(file, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("VACUUM")
    finally:
        connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{file}{suffix}").unlink(missing_ok=True)
    with open(file, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_directory(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

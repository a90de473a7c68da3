"""A volunteer's reminders in the roster view: events from the roster, state in a file of theirs.

The roster is read-only (and carries none of the lead's reminder state), so what fired, was
snoozed or dismissed for a volunteer lives in a small SQLite file in ``paths.data_dir()``. The
reminder engine (``coordinator.reminders``) runs on that file unchanged: every connection
ATTACHes the roster read-only, and SQLite looks an unqualified table up in ``temp``, then
``main``, then attached files. So ``reminder_state`` and ``setting`` are the local file's own
tables (the roster's settings are copied in for the lead times), every schedule table is read
from the roster, and two TEMP views narrow it to one volunteer: ``assignment`` (their
check-ins only) and ``webinar_session`` (the sessions within their working hours).

A volunteer connected to the team server (PostgreSQL, read-only role) has no roster file:
the schedule tables are then copied into a private *mirror* file beside the state file
(``refresh_mirror``, re-run every few minutes off the GUI thread), which is attached instead.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode

from sqlalchemy import URL, create_engine, event, insert, inspect, select
from sqlalchemy.pool import NullPool

from coordinator import paths
from coordinator.db import BUSY_TIMEOUT_MS, Database, DatabaseError, sqlite_url
from coordinator.models import Base, Facilitator, ReminderState, Setting
from coordinator.reminders import LAST_SEEN_KEY
from coordinator.roster_view import profile_of
from coordinator.scheduling.events import WEBINAR, events_between

log = logging.getLogger(__name__)

SESSION_LOOKAHEAD = timedelta(days=62)  # two monthly webinars: each session's next sitting
# What the reminder engine reads, copied from a server into the mirror file.
MIRRORED = (
    "setting",
    "community",
    "facilitator",
    "assignment",
    "check_in_series",
    "check_in_occurrence",
    "webinar_series",
    "webinar_session",
    "webinar_occurrence",
)
_BATCH = 2000


@dataclass(frozen=True)
class Focus:
    """Whose reminders: a volunteer and the webinar sessions meant for them (None: all)."""

    facilitator_id: int | None = None
    session_ids: frozenset[int] | None = None


def state_path(roster: Database) -> Path:
    """The local state file of a roster (one per roster file, in the user's data folder)."""
    key = hashlib.sha1(str(roster.path or roster.display_name).encode()).hexdigest()[:16]
    return paths.data_dir() / "roster-reminders" / f"{key}.sqlite3"


def mirror_path(state: Path) -> Path:
    """Where a server's schedule is mirrored for the state file ``state``."""
    return state.with_name(f"{state.stem}-mirror.sqlite3")


def refresh_mirror(roster: Database, mirror: Path) -> int:
    """Copy the schedule tables of ``roster`` (a server) into ``mirror``; returns the row count.

    Read in one transaction (a consistent picture), written to a new file that then replaces
    the old one atomically: a connection attaching the mirror sees the old or the new copy.
    """
    tables = [Base.metadata.tables[name] for name in MIRRORED]
    partial = mirror.with_name(f"{mirror.name}.partial")
    partial.unlink(missing_ok=True)
    engine = create_engine(sqlite_url(partial), poolclass=NullPool)
    copied = 0
    try:
        Base.metadata.create_all(engine, tables=tables)
        with roster.reading() as source, engine.begin() as target:
            for table in tables:
                rows = source.execute(select(table)).mappings()
                while chunk := rows.fetchmany(_BATCH):
                    target.execute(insert(table), [dict(row) for row in chunk])
                    copied += len(chunk)
    except Exception:
        engine.dispose()
        partial.unlink(missing_ok=True)
        raise
    engine.dispose()
    os.replace(partial, mirror)
    return copied


def sessions_for(
    roster: Database, facilitator_id: int, now: datetime | None = None
) -> frozenset[int] | None:
    """The webinar sessions whose next sitting is in the volunteer's working hours.

    None (every session) when none fits: better three reminders than a missed webinar.
    """
    now = now or datetime.now(UTC)
    with roster.reading() as session:
        person = session.get(Facilitator, facilitator_id)
        if person is None:
            return frozenset()
        profile = profile_of(person)
        sittings = events_between(
            session, now, now + SESSION_LOOKAHEAD, kinds=(WEBINAR,), include_cancelled=False
        )
    fits = {
        e.session_id
        for e in sittings
        if e.session_id is not None and profile.works_during(e.start, e.end)
    }
    return frozenset(fits) or None


class VolunteerReminderStore:
    """The local state file and a ``Database`` on it that the reminder engine can run on."""

    def __init__(self, roster: Database, path: Path | None = None) -> None:
        self.roster = roster
        self.path = path or state_path(roster)
        self.focus = Focus()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _create_local_tables(self.path)
        # A roster file is attached as it is; a server's schedule through a local mirror.
        # (``refresh`` makes the mirror before the first reminder is looked for.)
        self.mirror = None if roster.path is not None else mirror_path(self.path)
        self._refreshing = threading.Lock()
        if self.mirror is not None:
            self._roster_uri = f"file:{quote(str(self.mirror))}?mode=ro"
        else:
            self._roster_uri = _attach_uri(roster)
        # A URI (for ATTACH with flags), built so SQLAlchemy never re-reads the quoted name.
        local = URL.create(
            "sqlite", database=f"file:{quote(str(self.path))}", query={"uri": "true"}
        )
        engine = create_engine(local, poolclass=NullPool)
        event.listen(engine, "connect", self._prepare)
        # Plain BEGIN: BEGIN IMMEDIATE would ask the read-only roster for a write lock too.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        self.database = Database(url=sqlite_url(self.path), engine=engine)

    def refresh(self) -> None:
        """Copy the server's schedule again (nothing to do for a roster file)."""
        if self.mirror is None:
            return
        try:
            with self._refreshing:  # one copy at a time (a timer and a new focus may meet)
                refresh_mirror(self.roster, self.mirror)
        except OSError as exc:
            raise DatabaseError(f"Cannot keep reminders in {self.mirror.parent}: {exc}") from exc

    def follow(self, facilitator_id: int | None, session_ids: frozenset[int] | None) -> None:
        """Remind ``facilitator_id`` (None: nobody) of their check-ins and these sessions."""
        # Connections are not pooled: every later unit of work sees the new focus.
        self.focus = Focus(facilitator_id, session_ids)

    def dispose(self) -> None:
        self.database.dispose()

    def _prepare(self, connection: Any, _record: Any) -> None:
        connection.isolation_level = None
        focus = self.focus
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA main.journal_mode = WAL")
        cursor.execute("ATTACH DATABASE ? AS roster", (self._roster_uri,))
        volunteer = "0" if focus.facilitator_id is None else str(int(focus.facilitator_id))
        cursor.execute(
            "CREATE TEMP VIEW assignment AS SELECT * FROM roster.assignment"
            f" WHERE facilitator_id = {volunteer}"
        )
        if focus.session_ids is not None:
            ids = ",".join(str(int(i)) for i in sorted(focus.session_ids)) or "NULL"
            cursor.execute(
                "CREATE TEMP VIEW webinar_session AS SELECT * FROM roster.webinar_session"
                f" WHERE id IN ({ids})"
            )
        # The lead's lead times and defaults; the watermarks are this file's own.
        cursor.execute(
            "INSERT OR REPLACE INTO main.setting (key, value, updated_at)"
            " SELECT key, value, updated_at FROM roster.setting"
            " WHERE substr(key, 1, length(:mark)) <> :mark",  # every owner's watermark
            {"mark": LAST_SEEN_KEY},
        )
        cursor.close()


def _attach_uri(roster: Database) -> str:
    """The roster as a read-only URI with the flags its own connections use (``immutable``)."""
    url = roster.engine.url
    flags = {key: value for key, value in url.query.items() if key != "uri"}
    flags["mode"] = "ro"
    # Quoted once whatever the URL held ("?" or "#" in a folder name must not end the path).
    name = unquote((url.database or "").removeprefix("file:"))
    return f"file:{quote(name)}?{urlencode(flags)}"


def _create_local_tables(path: Path) -> None:
    """Only the two tables the engine writes: everything else must come from the roster."""
    engine = create_engine(sqlite_url(path), poolclass=NullPool)
    try:
        Base.metadata.create_all(engine, tables=[ReminderState.__table__, Setting.__table__])
        with engine.begin() as connection:
            columns = {c["name"] for c in inspect(connection).get_columns("reminder_state")}
            if "owner" not in columns:  # a file kept by a version before reminder owners
                connection.exec_driver_sql(
                    "ALTER TABLE reminder_state ADD COLUMN owner VARCHAR(100) DEFAULT '' NOT NULL"
                )
    except Exception as exc:  # driver errors differ; the message names the file
        raise DatabaseError(f"Cannot keep reminders in {path}: {exc}") from exc
    finally:
        engine.dispose()

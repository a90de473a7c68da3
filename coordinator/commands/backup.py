"""``coordinator backup`` and ``coordinator restore``: rotating backups of the database (a SQLite
file, or a team server's programme copied into one)."""

from __future__ import annotations

import argparse
from pathlib import Path

from coordinator.backup import backup_database, check_backup, list_backups, restore_backup
from coordinator.db import Database, open_database, resolve_url, sqlite_path
from coordinator.settings import load_settings


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``backup`` and ``restore`` subcommands."""
    backup = subparsers.add_parser(
        "backup",
        parents=[common],
        help="take a consistent backup of the database (kept in rotation)",
    )
    backup.add_argument("--out", type=Path, metavar="FILE", help="write here instead")
    backup.add_argument("--list", action="store_true", help="list the backups kept")
    backup.set_defaults(func=run_backup)
    restore = subparsers.add_parser(
        "restore",
        parents=[common],
        help="replace the database with a backup (the current state is backed up first)",
    )
    restore.add_argument("file", type=Path, metavar="BACKUP")
    restore.set_defaults(func=run_restore)


def _open(args: argparse.Namespace) -> Database:
    """The database named by --db, migrated (so it is a Coordinator database at the newest
    schema); a SQLite file must exist already."""
    return open_database(getattr(args, "db", None), create=False)


def run_backup(args: argparse.Namespace) -> int:
    """Back up (or list backups of) the database."""
    database = _open(args)
    try:
        if args.list:
            for item in list_backups(database):
                print(f"{item.taken_at:%Y-%m-%d %H:%M:%S} UTC  {item.reason:<15} {item.path}")
            return 0
        with database.reading() as session:
            keep = load_settings(session).backups_kept
        taken = backup_database(database, out=args.out, keep=keep)
    finally:
        database.dispose()
    print(f"Backed up {database.display_name} to {taken.path} ({taken.size_bytes / 1024:.0f} KiB).")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Restore the database from a backup file."""
    counts = check_backup(args.file)
    db = getattr(args, "db", None)
    file = sqlite_path(resolve_url(db))
    if file is not None:  # restored without opening it first: it may be the damaged one
        safety = restore_backup(args.file, file)
        shown = str(file)
    else:
        database = _open(args)
        try:
            safety = restore_backup(args.file, database)
        finally:
            database.dispose()
        shown = database.display_name
    summary = ", ".join(f"{n} {table}" for table, n in counts.items())
    print(f"Restored {shown} from {args.file} ({summary}).")
    if safety is not None:
        print(f"The state before the restore was saved as {safety.path}.")
    return 0

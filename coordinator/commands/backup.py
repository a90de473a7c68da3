"""``coordinator backup`` and ``coordinator restore``: rotating backups of the SQLite file."""

from __future__ import annotations

import argparse
from pathlib import Path

from coordinator.backup import backup_database, check_backup, list_backups, restore_backup
from coordinator.commands import CommandError
from coordinator.db import open_database, resolve_url, sqlite_path
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


def _database_file(args: argparse.Namespace) -> Path:
    file = sqlite_path(resolve_url(getattr(args, "db", None)))
    if file is None:
        raise CommandError("backups are for SQLite files; use your server's tools otherwise")
    return file


def run_backup(args: argparse.Namespace) -> int:
    """Back up (or list backups of) the database."""
    file = _database_file(args)
    if args.list:
        for item in list_backups(file):
            print(f"{item.taken_at:%Y-%m-%d %H:%M:%S} UTC  {item.reason:<15} {item.path}")
        return 0
    database = open_database(file)  # make sure it is a Coordinator database, migrated
    try:
        with database.reading() as session:
            keep = load_settings(session).backups_kept
    finally:
        database.dispose()
    taken = backup_database(file, out=args.out, keep=keep)
    print(f"Backed up {file} to {taken.path} ({taken.size_bytes / 1024:.0f} KiB).")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Restore the database from a backup file."""
    file = _database_file(args)
    counts = check_backup(args.file)
    safety = restore_backup(args.file, file)
    summary = ", ".join(f"{n} {table}" for table, n in counts.items())
    print(f"Restored {file} from {args.file} ({summary}).")
    if safety is not None:
        print(f"The state before the restore was saved as {safety.path}.")
    open_database(file).dispose()  # an older backup is brought up to the current schema
    return 0

"""``coordinator export``: the programme as JSON (scripts, backups) or CSV (spreadsheets)."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

from coordinator.commands import CommandError
from coordinator.db import open_database
from coordinator.exporting import ExportFormat, export

DEFAULT_DAYS = 90


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``export`` subcommand."""
    parser = subparsers.add_parser(
        "export",
        parents=[common],
        help="export communities, volunteers, assignments and events as JSON or CSV",
        description="JSON writes one document (schema in DESIGN.md). CSV writes FILE with the "
        "communities (current volunteer and health band included) and, next to it, "
        "FILE-facilitators, FILE-assignments and FILE-events. Private notes are never exported.",
    )
    parser.add_argument(
        "--format", required=True, choices=[f.value for f in ExportFormat], dest="fmt"
    )
    parser.add_argument("--out", required=True, type=Path, metavar="FILE")
    parser.add_argument(
        "--from",
        dest="start",
        type=_iso_date,
        metavar="DATE",
        help="first day of the events exported (default: today)",
    )
    parser.add_argument(
        "--until",
        dest="end",
        type=_iso_date,
        metavar="DATE",
        help=f"last day of the events exported (default: {DEFAULT_DAYS} days after --from)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the export."""
    start = args.start or date.today()
    end = args.end or start + timedelta(days=DEFAULT_DAYS)
    if end < start:
        raise CommandError(f"--until {end} is before --from {start}")
    if args.out.is_dir():
        raise CommandError(f"{args.out} is a folder; give a file name such as programme.{args.fmt}")
    # create=False: exporting from a mistyped path must not leave an empty database behind.
    database = open_database(args.db, create=False)
    try:
        result = export(database, args.fmt, args.out, start, end)
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename or args.out}: {exc.strerror}") from exc
    finally:
        database.dispose()
    print(f"{result}.")
    return 0

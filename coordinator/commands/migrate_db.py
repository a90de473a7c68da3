"""``coordinator migrate-db``: copy a whole programme into an empty database (e.g. PostgreSQL)."""

from __future__ import annotations

import argparse

from coordinator.commands import CommandError
from coordinator.db import DatabaseError
from coordinator.team import migrate_database


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``migrate-db`` subcommand."""
    parser = subparsers.add_parser(
        "migrate-db",
        parents=[common],
        help="copy a programme into an empty database, e.g. a team PostgreSQL server",
        description="Create the schema on the empty target and copy every table from the "
        "source in one transaction: either everything is copied or nothing is.",
    )
    parser.add_argument("--from", dest="source", required=True, metavar="PATH|URL")
    parser.add_argument("--to", dest="target", required=True, metavar="URL")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Copy and print how many rows each table received."""
    try:
        counts = migrate_database(args.source, args.target)
    except DatabaseError as exc:
        raise CommandError(str(exc)) from exc
    print(f"Copied {sum(counts.values())} rows:")
    for table, count in counts.items():
        print(f"  {table}: {count}")
    return 0

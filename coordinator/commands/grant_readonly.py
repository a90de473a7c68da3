"""``coordinator grant-readonly``: a PostgreSQL role that may only read (for volunteers)."""

from __future__ import annotations

import argparse

from coordinator.commands import CommandError
from coordinator.db import DatabaseError, resolve_url
from coordinator.team import grant_readonly


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``grant-readonly`` subcommand."""
    parser = subparsers.add_parser(
        "grant-readonly",
        parents=[common],
        help="create a PostgreSQL login role that can only read the programme",
        description="Create ROLE (LOGIN, NOINHERIT) if missing and grant it SELECT on every "
        "table, now and later; the server then refuses any write made with it.",
    )
    parser.add_argument("role", metavar="ROLE")
    parser.add_argument("--password", help="set (or change) the role's password")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Create or update the role and say what was done."""
    db = getattr(args, "db", None)
    if db is None:
        raise CommandError("grant-readonly needs --db postgresql+psycopg://… (the team server).")
    try:
        created = grant_readonly(resolve_url(db), args.role, args.password)
    except DatabaseError as exc:
        raise CommandError(str(exc)) from exc
    verb = "Created" if created else "Updated"
    print(f"{verb} read-only role {args.role}: it may connect and SELECT, nothing else.")
    return 0

"""``coordinator publish-roster``: write the volunteers' roster snapshot to a shared folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from coordinator.db import open_database
from coordinator.roster import publish_roster


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``publish-roster`` subcommand."""
    parser = subparsers.add_parser(
        "publish-roster",
        parents=[common],
        help="write a read-only roster snapshot for volunteers (no private notes)",
        description="Write a consistent roster snapshot (without private notes, audit log or "
        "reminder state) to FILE, replacing any earlier one atomically.",
    )
    parser.add_argument("--out", required=True, type=Path, metavar="FILE")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Publish and say what was written."""
    database = open_database(getattr(args, "db", None))
    try:
        roster = publish_roster(database, args.out)
    finally:
        database.dispose()
    print(
        f"Published the roster to {roster.path}: {roster.communities} communities, "
        f"{roster.facilitators} volunteers, {roster.size_bytes / 1024:.0f} KiB, "
        f"at {roster.published_at:%Y-%m-%d %H:%M} UTC."
    )
    return 0

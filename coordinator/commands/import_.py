"""``coordinator import``: communities, volunteers or monthly activity from .csv or .xlsx."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coordinator.db import open_database
from coordinator.importing import ImportKind, ImportRefused, preview_import, run_import


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``import`` subcommand."""
    parser = subparsers.add_parser(
        "import",
        parents=[common],
        help="import communities, volunteers or activity from a .csv or .xlsx file",
        description="Import a .csv or .xlsx file. The whole file is checked first: if any row "
        "is bad nothing is written and every bad row and field is listed. Importing the same "
        "file again updates rows (volunteers by e-mail, communities by name, activity by "
        "community and month) instead of adding duplicates.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the .csv or .xlsx file")
    parser.add_argument(
        "--kind",
        choices=[kind.value for kind in ImportKind],
        help="what the file holds (default: told from its header)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and say what would change, without writing anything",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import (or check, with --dry-run) one file."""
    kind = ImportKind(args.kind) if args.kind else None
    database = open_database(args.db)
    try:
        if args.dry_run:
            preview = preview_import(database, args.file, kind)
            _warn(preview.warnings)
            if not preview.ok():
                raise ImportRefused(preview.problems, source=args.file.name)
            print(
                f"{args.file.name} holds {len(preview.rows)} {preview.kind.noun}: "
                f"{preview.count('new')} new, {preview.count('update')} to update, "
                f"{preview.count('unchanged')} unchanged. Nothing was written (--dry-run)."
            )
            return 0
        summary = run_import(database, args.file, kind)
    except ImportRefused as refused:
        print(f"coordinator import: {refused}", file=sys.stderr)
        return 1
    finally:
        database.dispose()
    _warn(summary.warnings)
    print(f"{summary}.")
    return 0


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)

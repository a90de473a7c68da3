"""``coordinator assign``: propose caseloads and apply them in one transaction."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TextIO

from coordinator.assignment import (
    AssignmentError,
    Proposal,
    accept_and_schedule,
    propose,
    propose_handover,
)
from coordinator.commands import CommandError
from coordinator.db import open_database


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``assign`` subcommand."""
    parser = subparsers.add_parser(
        "assign",
        parents=[common],
        help="propose caseloads for unassigned communities and apply them",
        description="Propose caseloads (an exact optimisation over shared working time, "
        "language, topics, need and capacity) and apply them in one transaction. Existing "
        "and pinned assignments stay unless --rebalance is given.",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the proposal only")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--rebalance",
        action="store_true",
        help="also move unpinned assignments when that is clearly better",
    )
    mode.add_argument(
        "--handover",
        type=int,
        metavar="DAYS",
        help="propose successors for caseloads ending within DAYS",
    )
    parser.add_argument(
        "--keep-volunteer",
        action="store_true",
        help="with --handover: the current volunteer may continue (no rotation)",
    )
    parser.add_argument(
        "--start", type=_date, metavar="DATE", help="assignment start date (default: today)"
    )
    parser.set_defaults(func=run)


def print_proposal(proposal: Proposal, out: TextIO) -> None:
    """The proposal as text a person reads: added / moved / unchanged / unassigned with why."""
    print(f"Proposal ({proposal.mode}, starting {proposal.start}): {proposal.summary()}", file=out)
    for title, rows in (("Added", proposal.added), ("Extended", proposal.extended)):
        if rows:
            print(f"{title}:", file=out)
            for c in rows:
                print(
                    f"  {c.community_name} -> {c.facilitator_name} "
                    f"({c.starts_on} to {c.ends_on}): {c.reason}",
                    file=out,
                )
    if proposal.moved:
        print("Moved:", file=out)
        for c in proposal.moved:
            print(
                f"  {c.community_name}: {c.previous_facilitator_name} -> {c.facilitator_name} "
                f"(from {c.starts_on}): {c.reason}",
                file=out,
            )
    if proposal.unchanged:
        print(f"Unchanged: {len(proposal.unchanged)} assignments stay as they are.", file=out)
    if proposal.unassigned:
        print("Unassigned:", file=out)
        for u in proposal.unassigned:
            print(f"  {u.community_name}: {u.reason}", file=out)


def run(args: argparse.Namespace) -> int:
    """Propose, print, and apply unless ``--dry-run``."""
    if args.keep_volunteer and args.handover is None:
        raise CommandError("--keep-volunteer only makes sense with --handover DAYS.")
    if args.handover is not None and args.handover < 0:
        raise CommandError("--handover needs a number of days of 0 or more.")
    database = open_database(getattr(args, "db", None))
    try:
        if args.handover is not None:
            proposal = propose_handover(
                database,
                within_days=args.handover,
                rotate=not args.keep_volunteer,
                today=args.start,
            )
        else:
            proposal = propose(database, rebalance=args.rebalance, start=args.start)
        applied = schedule = None
        if not args.dry_run and proposal.has_changes:
            try:  # as in the window: the check-ins of every community it touched follow
                applied, schedule = accept_and_schedule(database, proposal, start=args.start)
            except AssignmentError as exc:
                raise CommandError(str(exc)) from exc
    finally:
        database.dispose()
    if args.json:
        data = proposal.to_json()
        data["applied"] = applied is not None
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print_proposal(proposal, sys.stdout)
    if args.dry_run:
        print("Dry run: nothing was written.")
    elif applied is None:
        print("Nothing to change.")
    else:
        print(
            f"Applied in one transaction: {applied.added} added, {applied.moved} moved"
            + (f", {applied.extended} extended." if applied.extended else ".")
        )
        if schedule is not None:
            print(f"Check-in series: {schedule.summary()}.")
    return 0

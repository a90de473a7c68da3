"""``coordinator demo``: fill an empty database with the sample or a synthetic programme."""

from __future__ import annotations

import argparse

from coordinator.commands import CommandError
from coordinator.db import open_database
from coordinator.demo import DemoRefused, generate, load_sample


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} cannot be negative")
    return value


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``demo`` subcommand."""
    parser = subparsers.add_parser(
        "demo",
        parents=[common],
        help="fill an empty database with a demo programme",
        description="Without sizes: the bundled sample (56 communities, 6 volunteers, six "
        "months of activity), its dates moved so the last activity month is last month. With "
        "--communities/--facilitators: a synthetic programme of that size, the same for the "
        "same --seed. A database that already holds communities or volunteers is refused "
        "unless --replace is given.",
    )
    parser.add_argument("--communities", type=_count, metavar="N")
    parser.add_argument(
        "--facilitators",
        type=_count,
        metavar="M",
        help="volunteers (default with --communities: one per ten communities)",
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="default: 1")
    parser.add_argument(
        "--as-recorded",
        action="store_true",
        help="keep the sample's original 2010 dates instead of moving them to now",
    )
    parser.add_argument(
        "--replace",
        "--force",
        dest="replace",
        action="store_true",
        help="delete the communities and volunteers already there (and their caseloads) first",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Create the demo programme."""
    synthetic = args.communities is not None or args.facilitators is not None
    if synthetic and args.as_recorded:
        raise CommandError(
            "--as-recorded is for the sample; a synthetic programme is always current"
        )
    database = open_database(args.db)
    try:
        if synthetic:
            communities = args.communities
            if communities is None:
                communities = args.facilitators * 10
            facilitators = args.facilitators
            if facilitators is None:
                facilitators = max(1, communities // 10) if communities else 0
            summary = generate(
                database, communities, facilitators, args.seed, replace_existing=args.replace
            )
        else:
            summary = load_sample(
                database, shift_to_today=not args.as_recorded, replace_existing=args.replace
            )
    except DemoRefused as exc:
        raise CommandError(str(exc)) from exc
    finally:
        database.dispose()
    print(f"{summary}.")
    print(f"Database: {database.display_name}")
    return 0

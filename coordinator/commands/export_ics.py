"""``coordinator export-ics``: calendars (.ics) of a volunteer, a community, the webinars or all."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from coordinator.commands import CommandError
from coordinator.db import Database, open_database
from coordinator.ics.calendar import DEFAULT_PAST_DAYS, default_period, export_calendar
from coordinator.ics.publish import publish_calendars
from coordinator.ics.scopes import ScopeError, resolve_scope


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``export-ics`` subcommand."""
    parser = subparsers.add_parser(
        "export-ics",
        parents=[common],
        help="export check-ins and webinars as an iCalendar (.ics) file, or publish them all",
        description="Write an .ics file that Outlook, Google Calendar, Apple Calendar, "
        "Thunderbird or khal can import or subscribe to: each check-in series and webinar "
        "session is one recurring event with a stable UID, so importing a newer file updates "
        "the events instead of duplicating them. Without --facilitator, --community or "
        "--webinars the file holds the whole programme. --publish FOLDER writes one file per "
        "active volunteer (named after the e-mail) plus webinars.ics instead.",
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, metavar="FILE", help="the .ics file to write")
    target.add_argument(
        "--publish",
        type=Path,
        metavar="FOLDER",
        help="write every volunteer's calendar and webinars.ics into FOLDER (for subscribing)",
    )
    parser.add_argument("--facilitator", metavar="EMAIL", help="one volunteer's calendar")
    parser.add_argument("--community", metavar="NAME", help="one community's check-ins")
    parser.add_argument("--webinars", action="store_true", help="the webinar programme only")
    parser.add_argument(
        "--from",
        dest="start",
        type=_iso_date,
        metavar="DATE",
        help=f"leave out series that ended before DATE (default: {DEFAULT_PAST_DAYS} days ago)",
    )
    parser.add_argument(
        "--until",
        dest="end",
        type=_iso_date,
        metavar="DATE",
        help="leave out series that start after DATE (default: no limit)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the calendar file (or publish the folder) and say what was written."""
    end = args.end
    start = args.start or default_period()[0]
    if args.start is None and end is not None:
        start = min(start, end)  # only --until given: everything up to it
    if end is not None and end < start:
        raise CommandError(f"--until {end} is before --from {start}")
    if args.publish is not None and (args.facilitator or args.community or args.webinars):
        raise CommandError("--publish writes every calendar; leave out the scope options")
    if args.out is not None:
        if args.out.is_dir():
            raise CommandError(f"{args.out} is a folder; give a file name such as programme.ics")
        if args.out.suffix.lower() != ".ics":
            raise CommandError(f"{args.out} should end in .ics so calendar clients recognise it")
    # create=False: exporting from a mistyped path must not leave an empty database behind.
    database = open_database(getattr(args, "db", None), create=False)
    try:
        if args.publish is not None:
            return _publish(database, args.publish, start, end)
        with database.reading() as session:
            scope = resolve_scope(
                session,
                facilitator=args.facilitator,
                community=args.community,
                webinars=args.webinars,
            )
        result = export_calendar(database, args.out, scope, start, end)
    except ScopeError as exc:
        raise CommandError(str(exc)) from exc
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename or args.out}: {exc.strerror}") from exc
    finally:
        database.dispose()
    print(f"{result}.")
    return 0


def _publish(database: Database, folder: Path, start: date, end: date | None) -> int:
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{folder} is a file; --publish needs a folder")
    files = publish_calendars(database, folder, start=start, end=end)
    size = sum(f.stat().st_size for f in files)
    print(
        f"Published {len(files) - 1} volunteer calendars and webinars.ics to {folder} "
        f"({size / 1024:.0f} KiB in all)."
    )
    return 0

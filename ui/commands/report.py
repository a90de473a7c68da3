"""``coordinator report``: the monthly report as PDF (rendered by Qt), HTML or CSV."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from coordinator.commands import CommandError


def _month(text: str) -> date:
    from coordinator.reporting.history import parse_month

    try:
        return parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``report`` subcommand."""
    parser = subparsers.add_parser(
        "report",
        parents=[common],
        help="write the monthly report as PDF, HTML or CSV",
        description="The Dashboard's figures and charts for one month, the changes since the "
        "month before, check-ins done vs planned per volunteer, webinar attendance and "
        "recognition. The format follows FILE's extension: .pdf (rendered by Qt), .html (one "
        "self-contained file) or .csv (the figures).",
    )
    parser.add_argument("--out", required=True, type=Path, metavar="FILE")
    parser.add_argument(
        "--month",
        type=_month,
        metavar="YYYY-MM",
        help="the month reported on (default: the last full month)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Gather the report and write it."""
    # Imported here: every command is registered at start-up, and Qt is only wanted for a PDF.
    from coordinator.db import open_database
    from coordinator.reporting.files import ReportFormat, report_format
    from coordinator.reporting.monthly import monthly_report

    try:
        fmt = report_format(args.out)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if args.out.is_dir():
        raise CommandError(f"{args.out} is a folder; give a file name such as report.{fmt.value}")
    if not args.out.parent.is_dir():
        raise CommandError(f"the folder {args.out.parent} does not exist")
    database = open_database(getattr(args, "db", None), create=False)
    try:
        report = monthly_report(database, args.month)
    finally:
        database.dispose()
    try:
        if fmt == ReportFormat.PDF:
            from coordinator_ui.report_pdf import ensure_gui_app, save_monthly_report

            ensure_gui_app()
            save_monthly_report(report, args.out)
        else:
            from coordinator.reporting.files import write_monthly_report

            write_monthly_report(report, args.out)
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename or args.out}: {exc.strerror}") from exc
    print(f"Wrote the report for {report.month:%B %Y} to {args.out}.")
    return 0

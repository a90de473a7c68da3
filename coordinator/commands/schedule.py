"""``coordinator schedule``: (re)build check-in series and report webinar coverage."""

from __future__ import annotations

import argparse
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from coordinator.commands import CommandError
from coordinator.db import open_database
from coordinator.models import WebinarSeries
from coordinator.scheduling.build import build_schedule
from coordinator.scheduling.recurrence import monthly_rule_text
from coordinator.scheduling.report import add_months
from coordinator.scheduling.webinars import series_dates, session_shares, webinar_audience
from coordinator.settings import load_settings


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``schedule`` subcommand."""
    parser = subparsers.add_parser(
        "schedule",
        parents=[common],
        help="create check-in series for new or changed assignments (logged ones stay)",
        description="Create check-in series for active assignments that have none, and fix "
        "those whose slot no longer fits both working weeks, from --from on. Occurrences "
        "already logged, moved or cancelled are never changed.",
    )
    parser.add_argument(
        "--from",
        dest="start",
        type=_parse_date,
        metavar="DATE",
        help="first date (YYYY-MM-DD) the schedule may change (default: today)",
    )
    parser.add_argument(
        "--months",
        type=int,
        metavar="N",
        help="plan assignments starting in the next N months and report webinar coverage "
        "over them (default: the hand-holding months setting)",
    )
    parser.set_defaults(func=run)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-09-01") from None


def run(args: argparse.Namespace) -> int:
    """Build the schedule in one transaction and print what changed."""
    if args.months is not None and not 1 <= args.months <= 36:
        raise CommandError("--months must be between 1 and 36")
    database = open_database(getattr(args, "db", None))
    try:
        with database.unit_of_work() as session:
            settings = load_settings(session)
            start = args.start or date.today()
            months = args.months or settings.hand_holding_months
            report = build_schedule(session, start=start, months=months, settings=settings)
            print(f"Schedule from {start} to {report.horizon_end}:")
            for change in report.changes:
                print(f"  {change.action:<9} {change.text}")
            print(f"Check-in series: {report.summary()}.")
            _print_webinars(session, start, add_months(start, months), settings)
    finally:
        database.dispose()
    return 0


def _print_webinars(session, start: date, end: date, settings) -> None:  # type: ignore[no-untyped-def]
    """Share of volunteers and hosts each webinar session reaches on its real dates."""
    webinars = session.scalars(
        select(WebinarSeries)
        .options(selectinload(WebinarSeries.sessions))
        .order_by(WebinarSeries.id)
    ).all()
    if not webinars:
        return
    people = webinar_audience(session, settings)
    print(f"Webinars ({len(people)} volunteers and hosts):")
    for series in webinars:
        dates = series_dates(series, start, end)
        if not dates:
            continue
        print(f"  {series.title} — {monthly_rule_text(series.ordinal, series.weekday)}")
        for sitting in series.sessions:
            shares = session_shares(
                people, sitting.local_time, sitting.time_zone, dates, series.duration_minutes
            )
            values = [share for _, share in shares]
            print(
                f"    {sitting.local_time:%H:%M} {sitting.time_zone}: reaches "
                f"{sum(values) / len(values):.0%} on average (lowest {min(values):.0%})"
            )

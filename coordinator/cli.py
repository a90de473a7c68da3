"""The command line: no subcommand opens the window; subcommands run headless.

Each subcommand lives in ``coordinator.commands.<name>`` with ``register(subparsers, common)``
adding its parser and setting ``func``; a function returns the exit code. Errors a person can act
on are raised as ``CommandError`` and printed to stderr without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import time
from collections.abc import Sequence

from coordinator import __version__
from coordinator.commands import COMMAND_MODULES, CommandError

STARTED = time.perf_counter()  # the program's start: "ready in" counts Qt's imports too

log = logging.getLogger(__name__)


def _main_parser() -> argparse.ArgumentParser:
    """The options of the window itself (no subcommands)."""
    parser = argparse.ArgumentParser(
        prog="coordinator",
        description="Coordinator for a Communities of Practice programme. "
        "Without a subcommand it opens the main window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="database file or SQLAlchemy URL (default: the embedded database "
        "in your user data folder)",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="open the volunteers' roster view; nothing is ever written",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="build the window, print 'ready in N ms' and exit",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The whole command line (main options plus every subcommand)."""
    parser = _main_parser()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="PATH|URL", default=argparse.SUPPRESS, help="database file or URL"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers, common)
    return parser


def _window_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The parsed options when ``argv`` asks for the window, else None.

    Opening the window must not import every subcommand (the assignment engine alone pulls in
    SciPy, a second of start-up), so the window's own options are tried first.
    """
    if any(arg in ("-h", "--help") for arg in argv):
        return None
    args, rest = _main_parser().parse_known_args(argv)
    return None if rest else args


def _setup_logging() -> None:
    """The log file, set up once the window's frame is on screen (its imports cost 30-40 ms)."""
    from coordinator.log import setup_logging

    setup_logging()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``coordinator`` and ``python -m coordinator``."""
    started = STARTED if argv is None else time.perf_counter()  # called as the program or not
    argv = list(sys.argv[1:] if argv is None else argv)
    window = _window_arguments(argv)
    if window is not None:
        from coordinator_ui.app import run_app  # Qt is imported only when a window is wanted

        return run_app(
            db=window.db,
            read_only=window.read_only,
            smoke_test=window.smoke_test,
            started=started,
            start_logging=_setup_logging,
        )
    # Imported here, not at the top: the window shows itself before SQLAlchemy is imported.
    from coordinator.db import DatabaseError
    from coordinator.log import setup_logging

    args = build_parser().parse_args(argv)
    setup_logging()
    try:
        return int(args.func(args) or 0)
    except (CommandError, DatabaseError) as exc:
        print(f"coordinator {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "coordinator: interrupted; nothing was written by the unfinished step.",
            file=sys.stderr,
        )
        return 130

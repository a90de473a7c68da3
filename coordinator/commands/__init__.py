"""Headless subcommands of ``coordinator`` (one module each).

Each module has ``register(subparsers, common)``, which adds its parser and sets ``func`` to a
function ``(args) -> int``. A command that needs Qt (e.g. rendering a PDF) lives under
``coordinator_ui.commands`` and is listed here by its full name; only ``cli`` imports it.
"""

from __future__ import annotations

# Full module names, one per line, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "coordinator.commands.demo",
    "coordinator.commands.import_",
    "coordinator.commands.export",
    "coordinator.commands.export_ics",
    "coordinator.commands.publish_roster",
    "coordinator.commands.backup",
    "coordinator.commands.schedule",
    "coordinator.commands.assign",
    "coordinator.commands.migrate_db",
    "coordinator.commands.grant_readonly",
    "coordinator_ui.commands.report",
)


class CommandError(Exception):
    """A failure a person can act on; printed to stderr without a traceback (exit 1)."""

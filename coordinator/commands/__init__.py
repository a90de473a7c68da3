"""Headless subcommands of ``coordinator`` (one module each)."""

from __future__ import annotations

# Modules under coordinator.commands, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = ()


class CommandError(Exception):
    """A failure a person can act on; printed to stderr without a traceback (exit 1)."""

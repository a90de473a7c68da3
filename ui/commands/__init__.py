"""Subcommands that need Qt (listed by full name in coordinator.commands)."""

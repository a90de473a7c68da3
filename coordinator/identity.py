"""Who runs this copy of Coordinator: the owner of reminder state on a shared database.

Coordinators sharing one PostgreSQL server usually share its login too, so the database
cannot tell them apart. Each copy of the app names its user instead: ``COORDINATOR_USER``
when set, otherwise the operating-system login. Reminders fired, snoozed or dismissed by one
coordinator never touch another's.
"""

from __future__ import annotations

import getpass
import os

OWNER_ENV = "COORDINATOR_USER"
OWNER_LENGTH = 100  # the reminder_state.owner column


def current_owner() -> str:
    """The name reminder state is kept under for whoever runs this process."""
    name = os.environ.get(OWNER_ENV, "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no login name (containers, odd environments)
            name = ""
    return name.strip()[:OWNER_LENGTH] or "coordinator"

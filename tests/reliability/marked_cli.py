"""``python -m coordinator`` with transaction markers on a pipe, for the crash-safety test.

The command runs exactly as ``python -m coordinator …`` does (same ``coordinator.cli.main``);
only SQLAlchemy event listeners are added, which write one byte to the file descriptor named by
``COORDINATOR_MARKER_FD`` when the process reaches a point the test wants to aim its kills at:

- ``B`` a transaction begins (``BEGIN IMMEDIATE`` on a writable SQLite file),
- ``W`` the first statement that writes (INSERT, UPDATE, DELETE),
- ``C`` a session's commit has completed.

Nothing is written to stdout/stderr, so the command's own output is unchanged.
"""

from __future__ import annotations

import os
import sys

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from coordinator.cli import main

MARKER_FD_ENV = "COORDINATOR_MARKER_FD"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def install_markers(fd: int) -> None:
    """Write ``B``/``W``/``C`` to ``fd`` as transactions begin, first write, and commit."""
    wrote = False

    def mark(byte: bytes) -> None:
        os.write(fd, byte)  # unbuffered: the byte is in the pipe before the next statement

    def on_begin(_connection: object) -> None:
        mark(b"B")

    def on_execute(*args: object) -> None:
        nonlocal wrote
        statement = str(args[2]).lstrip().upper()
        if not wrote and statement.startswith(_WRITES):
            wrote = True
            mark(b"W")

    def on_commit(_session: object) -> None:
        mark(b"C")

    event.listen(Engine, "begin", on_begin)
    event.listen(Engine, "before_cursor_execute", on_execute)
    event.listen(Session, "after_commit", on_commit)


if __name__ == "__main__":
    install_markers(int(os.environ[MARKER_FD_ENV]))
    sys.exit(main(sys.argv[1:]))

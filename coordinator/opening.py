"""Open the database on a thread of its own while the window is being built.

Importing SQLAlchemy and the models takes longer than importing Qt and drawing the window's
frame. The window draws its frame first, then starts this and keeps answering (repaints, moves,
Quit) until the ``Database`` (or the ``DatabaseError`` saying why there is none) is in the
returned future. (Starting it before the frame does not make the frame come sooner: both are
Python work and share one interpreter lock; measured, the frame only came later.)

This module imports nothing heavy itself: starting the thread must cost nothing.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coordinator.db import Database


def open_in_background(
    db: str | os.PathLike[str] | None, *, read_only: bool = False
) -> Future[Database]:
    """Start opening ``db`` (creating and upgrading it unless ``read_only``) on a new thread.

    The thread is not a daemon: a migration or its backup is never cut off half-way by the
    program ending; quitting while the database opens waits for it.
    """
    future: Future[Database] = Future()
    future.set_running_or_notify_cancel()

    def work() -> None:
        try:
            from sqlalchemy.orm import configure_mappers

            from coordinator import models  # noqa: F401  (mapped before the first query)
            from coordinator.db import open_database

            configure_mappers()
            database = open_database(db, read_only=read_only)
        except BaseException as exc:  # handed to the thread that waits for the database
            future.set_exception(exc)
            return
        future.set_result(database)

    threading.Thread(target=work, name="open-database").start()
    return future

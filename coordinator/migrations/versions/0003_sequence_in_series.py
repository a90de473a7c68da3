"""iCalendar SEQUENCE kept in the schedule: fold in the changes counted from the audit log.

Until now an .ics entry's SEQUENCE was its series' ``sequence`` column plus the number of
moves, cancellations and restores of its occurrences, counted from the audit log. A roster
snapshot carries no audit log, so a volunteer's own export never saw those changes. From now
on the scheduler raises the numbers itself: ``check_in_series.sequence`` and the new
``webinar_session.sequence`` (a webinar entry is one session). This revision adds the counted
changes once, so every exported SEQUENCE stays exactly what it was.

Self-contained on purpose (a revision must not change when the code around it does): the
audit wording of that time is matched here.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHECK_IN_ACTIONS = ("move", "cancel", "restore")
_CHECK_IN_SERIES = re.compile(r"\bof series (\d+)\b")
_WEBINAR_SESSION = re.compile(r"^webinar session (\d+)\b")


def _changes_calendar(changes: Any) -> bool:
    """A webinar occurrence's start or cancelled state changed."""
    if isinstance(changes, str):
        changes = json.loads(changes or "{}")
    changes = changes or {}
    old_status, new_status = (changes.get("status") or [None, None])[:2]
    old_start, new_start = (changes.get("start") or [None, None])[:2]
    return (old_status == "cancelled") != (new_status == "cancelled") or old_start != new_start


def upgrade() -> None:
    connection = op.get_bind()
    check_ins: Counter[int] = Counter()
    sessions: Counter[int] = Counter()
    rows = connection.execute(
        sa.text(
            "SELECT entity, action, summary, changes FROM audit_entry"
            " WHERE entity IN ('check_in_occurrence', 'webinar_occurrence')"
        )
    )
    for entity, action, summary, changes in rows:
        if entity == "check_in_occurrence":
            found = _CHECK_IN_SERIES.search(summary or "")
            if action in _CHECK_IN_ACTIONS and found:
                check_ins[int(found.group(1))] += 1
        else:
            found = _WEBINAR_SESSION.search(summary or "")
            if found and _changes_calendar(changes):
                sessions[int(found.group(1))] += 1
    bump = sa.text("UPDATE check_in_series SET sequence = sequence + :n WHERE id = :id")
    for series_id, count in check_ins.items():
        connection.execute(bump, {"n": count, "id": series_id})
    with op.batch_alter_table("webinar_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), server_default="0", nullable=False))
    bump = sa.text("UPDATE webinar_session SET sequence = :n WHERE id = :id")
    for session_id, count in sessions.items():
        connection.execute(bump, {"n": count, "id": session_id})


def downgrade() -> None:
    # The older code counts the audit log again. Check-in SEQUENCEs then count those changes
    # twice: they only rise, which calendar clients accept.
    with op.batch_alter_table("webinar_session", schema=None) as batch_op:
        batch_op.drop_column("sequence")

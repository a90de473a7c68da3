"""Reminder state per coordinator: an owner column, unique per owner.

Coordinators sharing one server each snooze, dismiss and catch up on their own reminders.
Existing rows (one user's state) get the owner "", which the first coordinator to run the new
version adopts (``coordinator.reminders.service``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reminder_state", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("owner", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.drop_constraint("uq_reminder_state_item_uid", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_reminder_state_owner"),
            ["owner", "item_uid", "occurrence_start", "lead_minutes"],
        )


def downgrade() -> None:
    # The old constraint holds one state per reminder: keep the oldest row of each.
    op.execute(
        "DELETE FROM reminder_state WHERE id NOT IN (SELECT MIN(id) FROM reminder_state"
        " GROUP BY item_uid, occurrence_start, lead_minutes)"
    )
    with op.batch_alter_table("reminder_state", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_reminder_state_owner"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_reminder_state_item_uid"),
            ["item_uid", "occurrence_start", "lead_minutes"],
        )
        batch_op.drop_column("owner")

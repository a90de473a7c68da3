"""A daily check-in series keeps its weekdays.

They were derived from both parties' working days each time the series was expanded, so a
changed working week rewrote the series' past and its calendar without a new SEQUENCE. Now
they are fixed when the series is placed (and the scheduler re-slots a series whose days no
longer fit). Series placed earlier keep NULL and are derived as before until re-slotted.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("check_in_series", schema=None) as batch_op:
        batch_op.add_column(sa.Column("days", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("check_in_series", schema=None) as batch_op:
        batch_op.drop_column("days")

"""each month's grant date, which decides the law

- `overpaidmonth.granted_on`: the day the month's assistance was granted. Transitional
  provision 5 a of SFS 2025:400: recovery of assistance granted before 2025-07-01 follows
  the repealed socialtjänstlag (2001:453), so the grant date (not the payment) picks the law;
- months stored before this revision get the payment date (else the month's first day) and
  `granted_on_assumed` = true, so the case page can say the grant date is assumed. That is
  the date the law was chosen by until now, so the stored citations stay as they were.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("overpaidmonth", schema=None) as batch_op:
        batch_op.add_column(sa.Column("granted_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("granted_on_assumed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    first_day = (
        "month || '-01'"
        if op.get_bind().dialect.name == "sqlite"
        else "CAST(month || '-01' AS DATE)"
    )
    op.execute(
        "UPDATE overpaidmonth SET granted_on = COALESCE(payment_date, "
        f"{first_day}), granted_on_assumed = true"
    )
    with op.batch_alter_table("overpaidmonth", schema=None) as batch_op:
        batch_op.alter_column("granted_on", existing_type=sa.Date(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("overpaidmonth", schema=None) as batch_op:
        batch_op.drop_column("granted_on_assumed")
        batch_op.drop_column("granted_on")

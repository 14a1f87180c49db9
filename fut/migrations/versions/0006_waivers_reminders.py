"""eftergift and the follow-up's reminders

- `debt_waiver`: part or all of a debt waived (eftergift, SoL 33:6), with its decision;
- `installment_reminder`: a missed installment the daily follow-up has written to the
  client about and opened a work item for, one row per (debt, due date), so that running
  the follow-up again never reminds twice;
- `installmentplan.paid_before`: what was paid before a (changed) plan started, so that a
  changed plan's installments count from it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from fut.db import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "debt_waiver",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("debt_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("waived_on", sa.Date(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["debt_id"], ["debt.id"]),
        sa.ForeignKeyConstraint(["decision_id"], ["decision.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("decision_id"),
    )
    op.create_index(op.f("ix_debt_waiver_debt_id"), "debt_waiver", ["debt_id"], unique=False)
    op.create_table(
        "installment_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("debt_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reminded_on", sa.Date(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("work_item_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["debt_id"], ["debt.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.ForeignKeyConstraint(["work_item_id"], ["workitem.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("debt_id", "due_on"),
    )
    op.create_index(
        op.f("ix_installment_reminder_debt_id"), "installment_reminder", ["debt_id"], unique=False
    )
    with op.batch_alter_table("installmentplan", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("paid_before", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("installmentplan", schema=None) as batch_op:
        batch_op.drop_column("paid_before")
    op.drop_index(op.f("ix_installment_reminder_debt_id"), table_name="installment_reminder")
    op.drop_table("installment_reminder")
    op.drop_index(op.f("ix_debt_waiver_debt_id"), table_name="debt_waiver")
    op.drop_table("debt_waiver")

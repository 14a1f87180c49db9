"""OCR reference per debt; the bank's files of incoming payments and their queue

- `debt.ocr`: the OCR reference payments carry (fut.rules.ocr), unique; debts decided
  before this revision get theirs from their case number, with the length digit when the
  municipality file's `[payments] ocr_length_digit` asks for it (the default);
- `payment_import`: each bank file read (its SHA-256 once only);
- `bank_identity`: what the banks have sent already, by their identity (a BgMax deposit, a
  CSV row): read once only;
- `bank_payment`: the queue of amounts that found no debt by themselves.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _length_digit() -> bool:
    from fut.municipality import MunicipalitySettingsError, get_municipality

    try:
        return get_municipality().payments.ocr_length_digit
    except MunicipalitySettingsError:
        return True


def upgrade() -> None:
    from fut.db import UTCDateTime
    from fut.rules import ocr

    with op.batch_alter_table("debt", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("ocr", sqlmodel.sql.sqltypes.AutoString(length=25), nullable=True)
        )
        batch_op.create_unique_constraint("uq_debt_ocr", ["ocr"])
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT debt.id, fut_case.case_number FROM debt "
            "JOIN fut_case ON fut_case.id = debt.case_id"
        )
    ).all()
    length_digit = _length_digit()
    for debt_id, case_number in rows:
        bind.execute(
            sa.text("UPDATE debt SET ocr = :ocr WHERE id = :id"),
            {"ocr": ocr.generate(case_number, length_digit=length_digit), "id": debt_id},
        )

    op.create_table(
        "payment_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("file_format", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("payments", sa.Integer(), nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("unmatched", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("total_ore", sa.BigInteger(), nullable=False),
        sa.Column("imported_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    op.create_table(
        "bank_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["payment_import.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_bank_identity_import_id", "bank_identity", ["import_id"])
    op.create_table(
        "bank_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("payer", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("information", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("queued", sa.Boolean(), nullable=False),
        sa.Column("debt_id", sa.Integer(), nullable=True),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("returned", sa.Boolean(), nullable=False),
        sa.Column("resolved_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["debt_id"], ["debt.id"]),
        sa.ForeignKeyConstraint(["import_id"], ["payment_import.id"]),
        sa.ForeignKeyConstraint(["payment_id"], ["payment.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bank_payment_import_id", "bank_payment", ["import_id"])
    op.create_index("ix_bank_payment_queued", "bank_payment", ["queued"])


def downgrade() -> None:
    op.drop_table("bank_payment")
    op.drop_table("bank_identity")
    op.drop_table("payment_import")
    with op.batch_alter_table("debt", schema=None) as batch_op:
        batch_op.drop_constraint("uq_debt_ocr", type_="unique")
        batch_op.drop_column("ocr")

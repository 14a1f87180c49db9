"""roles as rows, decision status, generic deadline timers

- a user's roles move from a comma-separated column to `user_role` rows (exact matches);
- a work item's candidate roles are no longer stored: the step's definition says them;
- a recovery decision's `proposed_`/`returned` outcomes become `status` + outcome;
- the reply timer's kind becomes the generic `deadline`.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:40:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    op.create_table(
        "user_role",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("user_id", "role"),
    )
    with op.batch_alter_table("user_role", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_role_role"), ["role"], unique=False)
    users = conn.execute(sa.text("SELECT id, roles FROM app_user")).all()
    rows = [
        {"user_id": user_id, "role": role}
        for user_id, roles in users
        for role in dict.fromkeys(r.strip() for r in (roles or "").split(","))
        if role
    ]
    if rows:
        conn.execute(
            sa.text("INSERT INTO user_role (user_id, role) VALUES (:user_id, :role)"), rows
        )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("roles")
    with op.batch_alter_table("workitem", schema=None) as batch_op:
        batch_op.drop_column("candidate_roles")

    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                sqlmodel.sql.sqltypes.AutoString(length=10),
                server_default="decided",
                nullable=False,
            )
        )
    conn.execute(
        sa.text(
            "UPDATE decision SET status = 'proposed', outcome = substr(outcome, 10) "
            "WHERE outcome LIKE 'proposed\\_%' ESCAPE '\\'"
        )
    )
    returned = conn.execute(
        sa.text(
            "SELECT decision.id, workitem.payload FROM decision "
            "JOIN workitem ON workitem.id = decision.work_item_id "
            "WHERE decision.outcome = 'returned'"
        )
    ).all()
    for decision_id, payload in returned:
        if isinstance(payload, str):
            payload = json.loads(payload)
        recover = bool((payload or {}).get("recover", True))
        conn.execute(
            sa.text("UPDATE decision SET status = 'returned', outcome = :outcome WHERE id = :id"),
            {"outcome": "recover" if recover else "no_recovery", "id": decision_id},
        )
    conn.execute(sa.text("UPDATE timer SET kind = 'deadline' WHERE kind = 'reply_deadline'"))


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE timer SET kind = 'reply_deadline' WHERE kind = 'deadline'"))
    conn.execute(sa.text("UPDATE decision SET outcome = 'returned' WHERE status = 'returned'"))
    conn.execute(
        sa.text("UPDATE decision SET outcome = 'proposed_' || outcome WHERE status = 'proposed'")
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_column("status")
    with op.batch_alter_table("workitem", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "candidate_roles",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                server_default="",
                nullable=False,
            )
        )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "roles",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                server_default="",
                nullable=False,
            )
        )
    for user_id, role in conn.execute(sa.text("SELECT user_id, role FROM user_role")).all():
        conn.execute(
            sa.text(
                "UPDATE app_user SET roles = CASE WHEN roles = '' THEN :role "
                "ELSE roles || ',' || :role END WHERE id = :id"
            ),
            {"role": role, "id": user_id},
        )
    op.drop_table("user_role")

"""An assignment can be undone (app/cases/assign_undo.py): the new table assign_batch keeps each
assignment's user, time (UTC), count of cases and, once undone, when and by whom; assign_batch_case
keeps each case's holder before and after it. No batch is stored for assignments made before.

Revision ID: 0027_assign_batch
Revises: 0026_loan_no_lower
"""

import sqlalchemy as sa
from alembic import op

revision = "0027_assign_batch"
down_revision = "0026_loan_no_lower"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assign_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_assign_batch_user_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["undone_by_id"], ["user.id"], name=op.f("fk_assign_batch_undone_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assign_batch")),
    )
    op.create_table(
        "assign_batch_case",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("from_agent_id", sa.Integer(), nullable=True),
        sa.Column("to_agent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["assign_batch.id"],
            name=op.f("fk_assign_batch_case_batch_id_assign_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_assign_batch_case_case_id_case")
        ),
        sa.ForeignKeyConstraint(
            ["from_agent_id"], ["user.id"], name=op.f("fk_assign_batch_case_from_agent_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["to_agent_id"], ["user.id"], name=op.f("fk_assign_batch_case_to_agent_id_user")
        ),
        sa.PrimaryKeyConstraint("batch_id", "case_id", name=op.f("pk_assign_batch_case")),
    )


def downgrade() -> None:
    op.drop_table("assign_batch_case")
    op.drop_table("assign_batch")

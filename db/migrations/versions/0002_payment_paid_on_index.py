"""Index payments by date: the queue's look-back finds payments after the as-of date by range.

Revision ID: 0002_payment_paid_on
Revises: 0001_initial
"""
from alembic import op

revision = "0002_payment_paid_on"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment") as batch_op:
        batch_op.create_index("ix_payment_paid_on", ["paid_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("payment") as batch_op:
        batch_op.drop_index("ix_payment_paid_on")

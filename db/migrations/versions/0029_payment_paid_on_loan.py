"""The payments of a period by loan from the index alone: ix_payment_paid_on holds the loan as
well as the date, so the queue rebuild's "which loans paid in the last 30 days" (the chance of
recovery, app/cases/recovery.py) reads the window's index entries, not each payment's row. It
still serves every range on the date it served. No data changes.

Revision ID: 0029_payment_paid_on_loan
Revises: 0028_related_person_active
"""

from alembic import op

revision = "0029_payment_paid_on_loan"
down_revision = "0028_related_person_active"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_payment_paid_on", table_name="payment")
    op.create_index("ix_payment_paid_on", "payment", ["paid_on", "loan_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_payment_paid_on", table_name="payment")
    op.create_index("ix_payment_paid_on", "payment", ["paid_on"], unique=False)

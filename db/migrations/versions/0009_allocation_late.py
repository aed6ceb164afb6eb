"""Payment allocations carry their payment's date and say whether they were late (the instalment
already due before that date), with a covering partial index of the late ones by date.

A report of the book as of a past date needs what payments dated after that date paid on
instalments already due. It looked up the payment and the instalment of every allocation of
every later payment (60,000 for a month on the reference office, 0.4–0.8 s) to keep the 8,000
late ones. Both values are written with the allocation (a payment's date and an instalment's due
date never change) and filled here for the allocations already made.

Revision ID: 0009_allocation_late
Revises: 0008_case_status_index
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_allocation_late"
down_revision = "0008_case_status_index"
branch_labels = None
depends_on = None

COLUMNS = ["paid_on", "instalment_id", "principal", "interest", "fee"]  # app/models/loan.py


def upgrade() -> None:
    # Added in place (ALTER TABLE ... ADD COLUMN), not by copying the table: paid_on is nullable
    # and the flag's default a plain constant. (A copy would also order the foreign keys
    # differently from run to run.)
    op.add_column("payment_allocation", sa.Column("paid_on", sa.Date(), nullable=True))
    op.add_column(
        "payment_allocation",
        sa.Column("late", sa.Boolean(), nullable=False, server_default="0"),
    )
    allocation = sa.table(
        "payment_allocation",
        sa.column("payment_id"),
        sa.column("instalment_id"),
        sa.column("paid_on", sa.Date()),
        sa.column("late", sa.Boolean()),
    )
    payment = sa.table("payment", sa.column("id"), sa.column("paid_on", sa.Date()))
    instalment = sa.table("instalment", sa.column("id"), sa.column("due_on", sa.Date()))
    paid_on = (
        sa.select(payment.c.paid_on)
        .where(payment.c.id == allocation.c.payment_id)
        .scalar_subquery()
    )
    op.execute(allocation.update().values(paid_on=paid_on))
    due_on = (
        sa.select(instalment.c.due_on)
        .where(instalment.c.id == allocation.c.instalment_id)
        .scalar_subquery()
    )
    op.execute(allocation.update().where(due_on < allocation.c.paid_on).values(late=True))
    op.create_index(
        "ix_payment_allocation_late",
        "payment_allocation",
        COLUMNS,
        unique=False,
        sqlite_where=sa.text("late = 1"),  # as SQLAlchemy writes `.where(late)` for SQLite
        postgresql_where=sa.text("late"),
    )


def downgrade() -> None:
    op.drop_index("ix_payment_allocation_late", table_name="payment_allocation")
    with op.batch_alter_table("payment_allocation") as batch:
        batch.drop_column("late")
        batch.drop_column("paid_on")

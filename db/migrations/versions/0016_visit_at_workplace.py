"""A booked visit keeps whether it is at the borrower's place of work, as the booking said: the
rescheduling form and `visit reschedule` start from it, and the visit sheet says it. Until now
the booking checked it against the rules (the visit-at-work rule) and forgot it, so a move of a
visit at work was checked as if at home. Existing visits: False (not recorded then).

Revision ID: 0016_visit_at_workplace
Revises: 0015_loan_reinstatement
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_visit_at_workplace"
down_revision = "0015_loan_reinstatement"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite takes it with a constant default): a batch copy of the table
    # would write its constraints in an order that varies from one process to the next.
    op.add_column(
        "visit",
        sa.Column("at_workplace", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("visit") as batch:
        batch.drop_column("at_workplace")

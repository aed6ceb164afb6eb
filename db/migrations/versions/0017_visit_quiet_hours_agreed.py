"""A booked visit keeps the borrower's agreement to its early or late time (quiet hours): who
agreed, when and how, as the booking or the reschedule recorded it for that slot. Until now the
only way through quiet hours was the borrower's blanket consent to contact in quiet hours.
Existing visits: none recorded (NULL).

Revision ID: 0017_visit_quiet_hours_agreed
Revises: 0016_visit_at_workplace
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_visit_quiet_hours_agreed"
down_revision = "0016_visit_at_workplace"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (nullable, no default), as 0016: no batch copy of the table.
    op.add_column("visit", sa.Column("quiet_agreed_by", sa.String(length=100), nullable=True))
    op.add_column("visit", sa.Column("quiet_agreed_at", sa.DateTime(), nullable=True))
    op.add_column("visit", sa.Column("quiet_agreed_how", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visit") as batch:
        batch.drop_column("quiet_agreed_how")
        batch.drop_column("quiet_agreed_at")
        batch.drop_column("quiet_agreed_by")

"""A related person can be removed (app/related_persons.py); one whom contacts name is kept for
their history and marked inactive instead: related_person.active, true for every person stored
before.

Revision ID: 0028_related_person_active
Revises: 0027_assign_batch
"""

import sqlalchemy as sa
from alembic import op

revision = "0028_related_person_active"
down_revision = "0027_assign_batch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite takes it with a constant default): a batch copy would drop the
    # table the contacts' foreign key points at.
    op.add_column(
        "related_person",
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
    )


def downgrade() -> None:
    op.drop_column("related_person", "active")  # SQLite 3.35+, PostgreSQL: no table copy

"""The open cases in the queue's order, as a partial index: the queue's first screen reads its
top rows and stops, so it costs the same at 10,000 loans as at 300,000.

Revision ID: 0006_case_queue
Revises: 0005_contact_attempt_at
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_case_queue"
down_revision = "0005_contact_attempt_at"
branch_labels = None
depends_on = None

# Opt-in (app/models/case.py): only a query with both terms uses the index. Enum stored by name.
OPEN = "status <> 'CLOSED' AND dpd >= 0"


def upgrade() -> None:
    op.create_index(
        "ix_case_queue",
        "case",
        [sa.text("score DESC"), sa.text("dpd DESC"), sa.text("amount_overdue DESC"), "id"],
        unique=False,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index("ix_case_queue", table_name="case")

"""The cases' status index without the score: (status) in place of (status, score).

Every morning the queue rebuild writes each open case's new score. With the score in this index,
each of those writes also moved an index entry; a status filter or count needs only the status,
and the queue's order has its own index (ix_case_queue). The rebuild writes the status only when
it changes, so this index is now left alone by the daily rewrite.

Revision ID: 0008_case_status_index
Revises: 0007_instalment_unpaid_by_due
"""

from alembic import op

revision = "0008_case_status_index"
down_revision = "0007_instalment_unpaid_by_due"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_case_status_score", table_name="case")
    op.create_index("ix_case_status", "case", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_case_status", table_name="case")
    op.create_index("ix_case_status_score", "case", ["status", "score"], unique=False)

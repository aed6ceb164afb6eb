"""The unpaid-instalment index led by the due date: the queue rebuild reads only the overdue
entries (a range of due dates) instead of every unpaid instalment, future ones included.

The rebuild groups by `loan_id + 0` (app/cases/delinquency.py), so SQLite takes the range from
this index without table statistics rather than walking an index in loan order.

Revision ID: 0007_instalment_unpaid_by_due
Revises: 0006_case_queue
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_instalment_unpaid_by_due"
down_revision = "0006_case_queue"
branch_labels = None
depends_on = None

UNPAID = "principal_paid + interest_paid + fee_paid < principal_due + interest_due + fee_due"
AMOUNTS = [
    "principal_due",
    "principal_paid",
    "interest_due",
    "interest_paid",
    "fee_due",
    "fee_paid",
]


def _create(columns: list[str]) -> None:
    op.create_index(
        "ix_instalment_unpaid",
        "instalment",
        columns,
        unique=False,
        sqlite_where=sa.text(UNPAID),
        postgresql_where=sa.text(UNPAID),
    )


def upgrade() -> None:
    op.drop_index("ix_instalment_unpaid", table_name="instalment")
    _create(["due_on", "loan_id", *AMOUNTS])


def downgrade() -> None:
    op.drop_index("ix_instalment_unpaid", table_name="instalment")
    _create(["loan_id", "due_on", *AMOUNTS])

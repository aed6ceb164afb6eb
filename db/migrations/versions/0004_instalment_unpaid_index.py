"""A partial index of unpaid instalments: the queue rebuild reads overdue amounts from it alone.

Revision ID: 0004_instalment_unpaid
Revises: 0003_audit_append_only
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_instalment_unpaid"
down_revision = "0003_audit_append_only"
branch_labels = None
depends_on = None

UNPAID = "principal_paid + interest_paid + fee_paid < principal_due + interest_due + fee_due"
# loan_id first: the index is then in GROUP BY loan_id order and covers the overdue pass, so
# SQLite picks it without table statistics (due_on first needs ANALYZE to be chosen).
COLUMNS = [
    "loan_id",
    "due_on",
    "principal_due",
    "principal_paid",
    "interest_due",
    "interest_paid",
    "fee_due",
    "fee_paid",
]


def upgrade() -> None:
    op.create_index(
        "ix_instalment_unpaid",
        "instalment",
        COLUMNS,
        unique=False,
        sqlite_where=sa.text(UNPAID),
        postgresql_where=sa.text(UNPAID),
    )


def downgrade() -> None:
    op.drop_index("ix_instalment_unpaid", table_name="instalment")

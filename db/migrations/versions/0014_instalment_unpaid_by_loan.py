"""The unpaid instalments again, led by the loan: the Loans list sorts every loan by what it
still owes or by its next due date, a sum and a minimum over the loan's unpaid instalments. From
ix_instalment_unpaid (led by the due date) or the table, that read every instalment of every loan;
from this index it reads each loan's few unpaid entries (app/queries/loans.py).

On the reference office (100,000 loans, 625,652 unpaid instalments) the index takes about a
second to build; the Loans list sorted by outstanding went from about 1.3 s to 0.3 s.

Revision ID: 0014_instalment_unpaid_by_loan
Revises: 0013_promises_rejudged
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_instalment_unpaid_by_loan"
down_revision = "0013_promises_rejudged"
branch_labels = None
depends_on = None

UNPAID = "principal_paid + interest_paid + fee_paid < principal_due + interest_due + fee_due"
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
        "ix_instalment_unpaid_by_loan",
        "instalment",
        COLUMNS,
        unique=False,
        sqlite_where=sa.text(UNPAID),
        postgresql_where=sa.text(UNPAID),
    )


def downgrade() -> None:
    op.drop_index("ix_instalment_unpaid_by_loan", table_name="instalment")

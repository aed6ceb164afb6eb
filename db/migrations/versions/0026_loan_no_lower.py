"""A loan number is found whatever its case (a search for ln00001291 finds LN00001291, and an
imported number stored in lower or mixed case is found typed in capitals): an index on
lower(loan_no), so the search stays an index lookup. No data changes.

Revision ID: 0026_loan_no_lower
Revises: 0025_case_note
"""

import sqlalchemy as sa
from alembic import op

revision = "0026_loan_no_lower"
down_revision = "0025_case_note"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_loan_loan_no_lower", "loan", [sa.text("lower(loan_no)")], unique=False)


def downgrade() -> None:
    op.drop_index("ix_loan_loan_no_lower", table_name="loan")

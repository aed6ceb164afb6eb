"""Each borrower's own data key: the audit trail keeps a borrower's personal data sealed with it
(app/audit_seal.py) and erasing the borrower deletes it, so those values can no longer be read
while the chain of hashes over them stays whole. Entries written before stay as they were (the
chain forbids rewriting them); a borrower gets a key when the first sealed value is written.

Revision ID: 0023_borrower_key
Revises: 0022_borrower_erased_at
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_borrower_key"
down_revision = "0022_borrower_erased_at"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "borrower_key",
        sa.Column("borrower_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.LargeBinary(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["borrower_id"], ["borrower.id"], name=op.f("fk_borrower_key_borrower_id_borrower")
        ),
        sa.PrimaryKeyConstraint("borrower_id", name=op.f("pk_borrower_key")),
    )


def downgrade() -> None:
    op.drop_table("borrower_key")

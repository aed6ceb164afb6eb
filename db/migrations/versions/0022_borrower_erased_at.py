"""A borrower whose records are all past their retention may have their personal data erased
(PIPL Art. 47; app/erasure.py): the new table borrower_erasure keeps when it was done and by
whom, so that the app says "Personal data erased on DATE" instead of a name and records nothing
new about them. No borrower stored before it is erased.

Revision ID: 0022_borrower_erased_at
Revises: 0021_user_must_change_password
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_borrower_erased_at"
down_revision = "0021_user_must_change_password"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "borrower_erasure",
        sa.Column("borrower_id", sa.Integer(), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.Column("erased_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["borrower_id"],
            ["borrower.id"],
            name=op.f("fk_borrower_erasure_borrower_id_borrower"),
        ),
        sa.ForeignKeyConstraint(
            ["erased_by_id"], ["user.id"], name=op.f("fk_borrower_erasure_erased_by_id_user")
        ),
        sa.PrimaryKeyConstraint("borrower_id", name=op.f("pk_borrower_erasure")),
    )


def downgrade() -> None:
    op.drop_table("borrower_erasure")

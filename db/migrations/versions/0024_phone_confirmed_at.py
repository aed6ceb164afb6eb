"""A borrower may confirm that a number a contact found wrong or not in service is theirs
(app/phone_confirm.py): phone.confirmed_at keeps when, and the rule number_found_invalid reads it
as the borrower answering on the number then. No number stored before it was confirmed.

Revision ID: 0024_phone_confirmed_at
Revises: 0023_borrower_key
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_phone_confirmed_at"
down_revision = "0023_borrower_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("phone") as batch:
        batch.add_column(sa.Column("confirmed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("phone") as batch:
        batch.drop_column("confirmed_at")

"""An account whose password someone else set (an admin adding it, or resetting its password) must
have a new one chosen by its owner before they work: the window asks at login, the CLI refuses
until `casedesk user password`. Until now the admin kept knowing a working password of every
agent. Existing accounts: not marked (False); nobody is stopped by the upgrade.

Revision ID: 0021_user_must_change_password
Revises: 0020_contact_attempt_version_at
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_user_must_change_password"
down_revision = "0020_contact_attempt_version_at"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN with a constant default, as 0016: no batch copy of the table.
    op.add_column(
        "user",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35 and later): a batch copy of "user" would drop the table
    # that every other table's foreign keys name.
    op.drop_column("user", "must_change_password")

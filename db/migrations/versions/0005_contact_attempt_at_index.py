"""A covering index of contact attempts by time: the compliance report's grouped passes over a
period (channel, outcome, party, hour, case, number, agent, verdict, rule-set version) read the
index alone instead of looking up rows scattered over the whole table.

Revision ID: 0005_contact_attempt_at
Revises: 0004_instalment_unpaid
"""

from alembic import op

revision = "0005_contact_attempt_at"
down_revision = "0004_instalment_unpaid"
branch_labels = None
depends_on = None

COLUMNS = [
    "at",
    "channel",
    "outcome",
    "party",
    "case_id",
    "phone_number",
    "agent_id",
    "verdict",
    "ruleset_version_id",
]


def upgrade() -> None:
    op.create_index("ix_contact_attempt_at_cover", "contact_attempt", COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index("ix_contact_attempt_at_cover", table_name="contact_attempt")

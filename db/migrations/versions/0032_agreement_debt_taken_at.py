"""A draft agreement's terms moved to a lower debt (a payment recorded since its drafting, taken
off when the draft is edited) are counted from then: agreement.debt_taken_at holds when its debt
was last taken (NULL: at its drafting), and only payments recorded after it count toward the plan
(app/agreements/common.py counts_toward). Before, the payments between the drafting and the edit
were both off the debt and paid toward the plan: the borrower was waived that much more than
approved. Filled here from the audit trail: an agreement's last edit that changed its debt.

Revision ID: 0032_agreement_debt_taken_at
Revises: 0031_payment_reference_key
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0032_agreement_debt_taken_at"
down_revision = "0031_payment_reference_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, as 0030 and 0031: no batch copy of a table others point at.
    op.add_column("agreement", sa.Column("debt_taken_at", sa.DateTime(), nullable=True))
    connection = op.get_bind()
    audit = sa.table(
        "audit_entry",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("action", sa.String),
        sa.column("entity_id", sa.String),
        sa.column("changes", sa.Text),
    )
    taken: dict[str, object] = {}
    rows = connection.execute(
        sa.select(audit.c.at, audit.c.entity_id, audit.c.changes)
        .where(audit.c.action == "agreement.edit")
        .order_by(audit.c.id)
    )
    for at, number, changes in rows:
        said = json.loads(changes) if isinstance(changes, str) else changes
        if isinstance(said, dict) and "debt" in said:
            taken[number] = at  # the last such edit wins
    agreement = sa.table(
        "agreement",
        sa.column("agreement_no", sa.String),
        sa.column("debt_taken_at", sa.DateTime),
    )
    if taken:
        connection.execute(
            sa.update(agreement)
            .where(agreement.c.agreement_no == sa.bindparam("b_no"))
            .values(debt_taken_at=sa.bindparam("b_at")),
            [{"b_no": number, "b_at": at} for number, at in taken.items()],
        )


def downgrade() -> None:
    op.drop_column("agreement", "debt_taken_at")  # SQLite 3.35+, PostgreSQL: no table copy

"""A contact logged after the fact is judged by whether its loan was with legal at the contact's
time, not now: loan.legal_at holds when the loan was last sent to legal, loan.legal_ended_at when
that stretch ended (recalled, or written off while with legal; NULL while it lasts), so the
compliance check reads them with the loan's other facts (app/compliance/back_dated.py
`with_legal_then`), without a look in the audit trail. Filled here from the audit trail's
"loan.legal", "loan.recall" and "loan.write_off" entries, in the order they were written.

Revision ID: 0033_loan_legal_at
Revises: 0032_agreement_debt_taken_at
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0033_loan_legal_at"
down_revision = "0032_agreement_debt_taken_at"
branch_labels = None
depends_on = None

ENDS = ("loan.recall", "loan.write_off")


def upgrade() -> None:
    # Plain ADD COLUMNs, as 0030 to 0032: no batch copy of a table others point at.
    op.add_column("loan", sa.Column("legal_at", sa.DateTime(), nullable=True))
    op.add_column("loan", sa.Column("legal_ended_at", sa.DateTime(), nullable=True))
    connection = op.get_bind()
    audit = sa.table(
        "audit_entry",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("action", sa.String),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.String),
        sa.column("changes", sa.Text),
    )
    stretch: dict[str, tuple[object, object]] = {}  # loan number -> (legal_at, legal_ended_at)
    rows = connection.execute(
        sa.select(audit.c.at, audit.c.action, audit.c.entity_id, audit.c.changes)
        .where(audit.c.entity == "loan", audit.c.action.in_(("loan.legal", *ENDS)))
        .order_by(audit.c.id)
    )
    for at, action, number, changes in rows:
        if action == "loan.legal":
            stretch[number] = (at, None)
            continue
        started, ended = stretch.get(number, (None, None))
        said = json.loads(changes) if isinstance(changes, str) else changes
        was = said.get("was") if isinstance(said, dict) else None
        if started is not None and ended is None and (action == "loan.recall" or was == "legal"):
            stretch[number] = (started, at)
    loan = sa.table(
        "loan",
        sa.column("loan_no", sa.String),
        sa.column("legal_at", sa.DateTime),
        sa.column("legal_ended_at", sa.DateTime),
    )
    if stretch:
        connection.execute(
            sa.update(loan)
            .where(loan.c.loan_no == sa.bindparam("b_no"))
            .values(legal_at=sa.bindparam("b_at"), legal_ended_at=sa.bindparam("b_ended")),
            [
                {"b_no": number, "b_at": at, "b_ended": ended}
                for number, (at, ended) in stretch.items()
            ],
        )


def downgrade() -> None:
    op.drop_column("loan", "legal_ended_at")  # SQLite 3.35+, PostgreSQL: no table copy
    op.drop_column("loan", "legal_at")

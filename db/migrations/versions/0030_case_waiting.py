"""The work queue lists the cases due now before the waiting ones: case.waiting, true when a
case's next action falls after the date the queue was scored for or it is held (an open
complaint's pause, legal), leads the queue's order and its index ix_case_queue. Every case
stored before is taken as due (false) until the queue's rebuild, which an upgraded office gets
at once (SCORING_VERSION 3, app/cases/scoring_stamp.py).

Revision ID: 0030_case_waiting
Revises: 0029_payment_paid_on_loan
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0030_case_waiting"
down_revision = "0029_payment_paid_on_loan"
branch_labels = None
depends_on = None

# Opt-in (app/models/case.py): only a query with both terms uses the index. Enum stored by name.
OPEN = "status <> 'CLOSED' AND dpd >= 0"
BY_SCORE: list[Any] = [
    sa.text("score DESC"),
    sa.text("dpd DESC"),
    sa.text("amount_overdue DESC"),
    "id",
]


def _queue_index(columns: list[Any]) -> None:
    op.create_index(
        "ix_case_queue",
        "case",
        columns,
        unique=False,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )


def upgrade() -> None:
    # A plain ADD COLUMN with a constant default, as 0021: no batch copy of the table the
    # contacts, promises, visits and agreements point at.
    op.add_column(
        "case", sa.Column("waiting", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.drop_index("ix_case_queue", table_name="case")
    _queue_index(["waiting", *BY_SCORE])


def downgrade() -> None:
    op.drop_index("ix_case_queue", table_name="case")
    _queue_index(BY_SCORE)
    op.drop_column("case", "waiting")  # SQLite 3.35+, PostgreSQL: no table copy

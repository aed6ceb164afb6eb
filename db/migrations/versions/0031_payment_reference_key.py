"""A bank reference typed in another case or in full width is the same transaction: each
payment's reference_key holds its reference half width, trimmed and in upper case
(app/typed_number.py's reference_key), indexed, and posting and the payments import compare
references by it. Filled here for every payment stored before; references stay as typed.

Revision ID: 0031_payment_reference_key
Revises: 0030_case_waiting
"""

import sqlalchemy as sa
from alembic import op

from app.typed_number import reference_key

revision = "0031_payment_reference_key"
down_revision = "0030_case_waiting"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    # A plain ADD COLUMN, as 0030: no batch copy of the table the allocations point at.
    op.add_column("payment", sa.Column("reference_key", sa.Text(), nullable=True))
    connection = op.get_bind()
    payment = sa.table(
        "payment",
        sa.column("id", sa.Integer),
        sa.column("reference", sa.String),
        sa.column("reference_key", sa.Text),
    )
    # ASCII references, nearly all of them, in SQL (its upper() is ASCII's, and trim() as
    # Python's strip() on ASCII spaces); the rest, one by one in Python, as the core keys them.
    connection.execute(
        sa.update(payment)
        .where(payment.c.reference.is_not(None))
        .values(reference_key=sa.func.nullif(sa.func.upper(sa.func.trim(payment.c.reference)), ""))
    )
    rows = connection.execute(
        sa.select(payment.c.id, payment.c.reference).where(payment.c.reference.is_not(None))
    )
    changed = [
        {"b_id": r.id, "b_key": reference_key(r.reference)}
        for r in rows
        if not r.reference.isascii()
    ]
    for start in range(0, len(changed), BATCH):
        connection.execute(
            sa.update(payment)
            .where(payment.c.id == sa.bindparam("b_id"))
            .values(reference_key=sa.bindparam("b_key")),
            changed[start : start + BATCH],
        )
    op.create_index("ix_payment_reference_key", "payment", ["reference_key"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_payment_reference_key", table_name="payment")
    op.drop_column("payment", "reference_key")  # SQLite 3.35+, PostgreSQL: no table copy

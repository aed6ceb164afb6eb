"""A name is found by every reading a user may type: what typed letters are looked for in
(`borrower.name_typed`) now holds the other readings of characters read two ways in names
(长 cháng/zhǎng, 乐 lè/yuè, 单 dān/shàn …), besides the reading the name sorts by
(app/names.py `OTHER_READINGS`). Refilled here for the borrowers whose spelling changes; the
others are left as they are.

Revision ID: 0011_borrower_other_readings
Revises: 0010_borrower_name_pinyin
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from app.names import name_typed

revision = "0011_borrower_other_readings"
down_revision = "0010_borrower_name_pinyin"
branch_labels = None
depends_on = None

BATCH = 5000

borrower = sa.table(
    "borrower",
    sa.column("id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("name_typed", sa.String()),
)


def _refill(spell: Callable[[str], str]) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(borrower.c.id, borrower.c.name, borrower.c.name_typed)
    ).all()
    changed = [
        {"bid": bid, "typed": typed} for bid, name, old in rows if (typed := spell(name)) != old
    ]
    update = (
        borrower.update()
        .where(borrower.c.id == sa.bindparam("bid"))
        .values(name_typed=sa.bindparam("typed"))
    )
    for start in range(0, len(changed), BATCH):
        connection.execute(update, changed[start : start + BATCH])


def upgrade() -> None:
    _refill(name_typed)


def _sorting_spelling_only(name: str) -> str:
    """The spelling 0010 stored: the name as it sorts, spelled whole, then its initials."""
    from app.names import syllables

    words = syllables(name)
    return "".join(words) + " " + "".join(w[0] for w in words) if words else ""


def downgrade() -> None:
    _refill(_sorting_spelling_only)

"""Borrowers carry their name in pinyin, to sort by (indexed), and spelled whole with its initials
("zhangsan zs"), to find by.

Lists sorted names by code point, the order of the Unicode tables (丁, 万, 严 …), which means
nothing to a reader; a Chinese user expects pinyin order, and to find 张三 by typing "zhangsan"
or "zs". The spelling is written with the name (app/names.py) and filled here for the borrowers
already stored (1.9 s for the reference office's 100,000, indexes included).

A search by name reads every borrower's name, spelling and number: an index of just these
(ix_borrower_search, which serves lookups by name too and so replaces ix_borrower_name) is a
fraction of the table's pages to read and decrypt.

Revision ID: 0010_borrower_name_pinyin
Revises: 0009_allocation_late
"""

import sqlalchemy as sa
from alembic import op

from app.names import name_pinyin, name_typed

revision = "0010_borrower_name_pinyin"
down_revision = "0009_allocation_late"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    # Added in place (ALTER TABLE ... ADD COLUMN) with a constant default, then filled.
    # Compared byte by byte on PostgreSQL too, whatever the database's collation (the model's
    # PINYIN type): a libc locale's would skip the spaces between syllables.
    pinyin = sa.String(700).with_variant(sa.String(700, collation="C"), "postgresql")
    op.add_column(
        "borrower", sa.Column("name_pinyin", pinyin, nullable=False, server_default="")
    )
    op.add_column(
        "borrower", sa.Column("name_typed", sa.String(800), nullable=False, server_default="")
    )
    borrower = sa.table(
        "borrower",
        sa.column("id", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("name_pinyin", sa.String()),
        sa.column("name_typed", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(borrower.c.id, borrower.c.name)).all()
    update = (
        borrower.update()
        .where(borrower.c.id == sa.bindparam("bid"))
        .values(name_pinyin=sa.bindparam("pinyin"), name_typed=sa.bindparam("typed"))
    )
    for start in range(0, len(rows), BATCH):
        connection.execute(
            update,
            [
                {"bid": bid, "pinyin": name_pinyin(name), "typed": name_typed(name)}
                for bid, name in rows[start : start + BATCH]
            ],
        )
    op.create_index("ix_borrower_name_pinyin", "borrower", ["name_pinyin", "name"], unique=False)
    op.drop_index("ix_borrower_name", table_name="borrower")
    op.create_index(
        "ix_borrower_search", "borrower", ["name", "name_typed", "borrower_no"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_borrower_search", table_name="borrower")
    op.create_index("ix_borrower_name", "borrower", ["name"], unique=False)
    op.drop_index("ix_borrower_name_pinyin", table_name="borrower")
    with op.batch_alter_table("borrower") as batch:
        batch.drop_column("name_typed")
        batch.drop_column("name_pinyin")

"""Names in pinyin order on every engine: the stored spelling is compared byte by byte."""

from __future__ import annotations

from sqlalchemy import select, text

from app.models import Borrower
from app.queries.borrowers import borrower_ids


def test_syllables_keep_their_place_on_every_engine(demo_db) -> None:
    with demo_db.session() as s:
        zhang, zhan = s.scalars(select(Borrower).order_by(Borrower.id).limit(2)).all()
        zhang.name, zhan.name = "张安", "詹刚"
        ids = zhang.id, zhan.id
    with demo_db.sessions() as s:
        order = borrower_ids(s, sort="name")
        # "zhan gang" before "zhang an": a collation that skips spaces reads "zhangang" after
        # "zhangan" and would put 张 inside 詹.
        assert order.index(ids[1]) < order.index(ids[0])
        if s.get_bind().dialect.name == "postgresql":  # whatever the database's own collation
            collation = s.scalar(
                text(
                    "SELECT collation_name FROM information_schema.columns"
                    " WHERE table_name = 'borrower' AND column_name = 'name_pinyin'"
                )
            )
            assert collation == "C"

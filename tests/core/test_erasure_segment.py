"""An erased borrower's segment (inferred from their age and occupation) goes with the rest of
their personal data (app/erasure.py): the column holds the placeholder, the borrower list, pane and
export show none, and the reports of an old period give the same figures (none counts by it)."""

from __future__ import annotations

from sqlalchemy import select

from app.erasure import ERASED_SEGMENT, erase_borrower
from app.models import Borrower, Case, Loan, Segment
from app.queries.borrowers import borrower_detail, borrower_rows
from tests.core.test_erasure import _erasable, _figures, _user


def test_an_erased_borrower_keeps_no_segment(demo_db) -> None:
    with demo_db.session() as s:
        borrower = _erasable(s)
        kept = next(seg for seg in Segment if seg != ERASED_SEGMENT)
        borrower.segment = kept  # what the erasure must not keep
        bid, number = borrower.id, borrower.borrower_no
        s.commit()
    with demo_db.session() as s:
        assert borrower_rows(s, [bid])[bid].segment == str(kept)
        assert borrower_detail(s, bid).segment == str(kept)
        cases = s.scalars(select(Case).join(Loan).where(Loan.borrower_id == bid)).all()
        period = (min(c.opened_on for c in cases), max(c.closed_on for c in cases))
        before = _figures(s, period)
        erase_borrower(s, _user(s, "admin"), number)
        s.commit()
    with demo_db.session() as s:
        assert s.get(Borrower, bid).segment == ERASED_SEGMENT != kept
        assert borrower_rows(s, [bid])[bid].segment == ""
        assert borrower_detail(s, bid).segment == ""
        assert _figures(s, period) == before


def test_a_borrower_not_erased_shows_their_segment(demo_db) -> None:
    with demo_db.session() as s:
        rows = borrower_rows(s, list(s.scalars(select(Borrower.id).limit(20))))
        assert rows and all(row.segment in {str(seg) for seg in Segment} for row in rows.values())

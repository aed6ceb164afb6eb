"""A loan number is found whatever its case, typed or stored (an import keeps the case it was
given), as case numbers are, and by an index lookup. QA: ln00001291 found nothing while
c2026-000384 found its case."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update

from app.models import Loan
from app.queries.search import matching_borrowers


def _found(s, typed: str) -> set[int]:
    query = matching_borrowers(s, typed)
    assert query is not None
    return set(s.scalars(query))


def test_a_loan_number_in_any_case(demo_db) -> None:
    with demo_db.session() as s:
        loan_id, number, borrower = s.execute(
            select(Loan.id, Loan.loan_no, Loan.borrower_id).order_by(Loan.id).limit(1)
        ).one()
        for typed in (number, number.lower(), f"  {number.lower()} "):
            assert borrower in _found(s, typed), typed
        s.execute(update(Loan).where(Loan.id == loan_id).values(loan_no="Ln-Mixed-007a"))
        for typed in ("Ln-Mixed-007a", "LN-MIXED-007A", "ln-mixed-007a"):
            assert _found(s, typed) == {borrower}, typed


@pytest.mark.sqlite_only  # SQLite's EXPLAIN QUERY PLAN
def test_the_search_by_loan_number_is_an_index_lookup(demo_db) -> None:
    with demo_db.sessions() as s:
        query = matching_borrowers(s, "ln00000001")
        assert query is not None
        sql = str(query.compile(s.bind, compile_kwargs={"literal_binds": True}))
        plan = " | ".join(str(row[-1]) for row in s.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert "SEARCH loan USING INDEX ix_loan_loan_no_lower" in plan, plan

"""The Borrowers and Loans lists' first screen: the first ids of the whole list, in its order,
and a count that agrees with the whole list, for every sort key, search and status."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import Borrower, Loan, LoanStatus
from app.models.loan import OWED
from app.queries.borrowers import SORT_KEYS as BORROWER_SORTS
from app.queries.borrowers import borrower_count, borrower_ids
from app.queries.loans import SORT_KEYS as LOAN_SORTS
from app.queries.loans import loan_count, loan_ids, loan_rows


def test_a_loan_lists_head_is_the_start_of_the_whole_list(demo_db) -> None:
    with demo_db.sessions() as s:
        every = s.scalar(select(func.count()).select_from(Loan))
        assert every > 200  # longer than a first screen
        owed = s.scalar(
            select(func.count()).select_from(Loan).where(Loan.status == LoanStatus.ACTIVE)
        )
        borrower = s.get(Borrower, s.scalar(select(Loan.borrower_id).limit(1)))
        for search, status, expected in (
            ("", None, every),
            ("", LoanStatus.ACTIVE.value, owed),
            (borrower.name, None, None),
            ("nobody-at-all", None, 0),
        ):
            whole = loan_ids(s, search, status)
            assert loan_count(s, search, status) == len(whole)
            if expected is not None:
                assert len(whole) == expected
            for sort in LOAN_SORTS:
                for descending in (False, True):
                    whole = loan_ids(s, search, status, sort, descending)
                    for n in (1, 37, 200):
                        head = loan_ids(s, search, status, sort, descending, limit=n)
                        assert head == whole[:n], (search, status, sort, descending, n)


def test_a_borrower_lists_head_is_the_start_of_the_whole_list(demo_db) -> None:
    with demo_db.sessions() as s:
        every = s.scalar(select(func.count()).select_from(Borrower))
        assert every > 200
        name = s.scalar(select(Borrower.name).limit(1))
        for search, expected in (("", every), (name, None), (name[1:], None), ("nobody", 0)):
            whole = borrower_ids(s, search)
            assert borrower_count(s, search) == len(whole)
            if expected is not None:
                assert len(whole) == expected
            for sort in BORROWER_SORTS:
                for descending in (False, True):
                    whole = borrower_ids(s, search, sort, descending)
                    for n in (1, 37, 200):
                        assert borrower_ids(s, search, sort, descending, limit=n) == whole[:n]


def _plan(session, run) -> str:  # noqa: ANN001
    """SQLite's plan for the statement that `run` sends."""
    from sqlalchemy import event

    engine = session.get_bind()
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    statement, parameters = seen[-1]
    rows = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
    return " | ".join(str(r[-1]) for r in rows)


def test_loans_sorted_by_what_they_owe_read_the_unpaid_entries_by_loan(demo_db) -> None:
    """Sorted by outstanding or by next due date, the Loans list sums each loan's unpaid
    instalments from ix_instalment_unpaid_by_loan, not from the table (every instalment);
    the page's rows read the same. The figures are those of every instalment."""
    from app.models import Instalment

    with demo_db.sessions() as s:
        if s.get_bind().dialect.name != "sqlite":
            pytest.skip("the query plan is SQLite's")
        for sort in ("outstanding", "next_due"):
            plan = _plan(s, lambda sort=sort: loan_ids(s, sort=sort, limit=200))
            assert "COVERING INDEX ix_instalment_unpaid_by_loan" in plan, plan
        ids = loan_ids(s, sort="outstanding", descending=True)
        plan = _plan(s, lambda: loan_rows(s, ids[:50]))
        assert plan.count("COVERING INDEX ix_instalment_unpaid_by_loan") == 2, plan
        rows = loan_rows(s, ids)
        owed: dict[int, int] = dict.fromkeys(ids, 0)
        next_due: dict[int, object] = dict.fromkeys(ids)
        for i in s.scalars(select(Instalment)):
            left = (
                i.principal_due
                + i.interest_due
                + i.fee_due
                - i.principal_paid
                - i.interest_paid
                - i.fee_paid
            )
            owed[i.loan_id] += left
            if left and (next_due[i.loan_id] is None or i.due_on < next_due[i.loan_id]):
                next_due[i.loan_id] = i.due_on
        assert {i: r.outstanding for i, r in rows.items()} == owed
        owing = set(s.scalars(select(Loan.id).where(Loan.status.in_(OWED))))
        for i in set(ids) - owing:
            next_due[i] = None  # a loan written off or closed has nothing due (loan_rows)
        assert {i: r.oldest_unpaid_due_on for i, r in rows.items()} == next_due
        assert [owed[i] for i in ids] == sorted(owed.values(), reverse=True)
        assert any(owed.values()) and not all(owed.values())  # paid-off loans owe nothing

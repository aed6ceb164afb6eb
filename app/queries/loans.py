"""Loan list and detail: ids filtered and sorted in SQL, display rows per page, full schedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, func, select, union_all
from sqlalchemy.orm import Session

from app.cases.delinquency import UNPAID
from app.errors import NotFound
from app.i18n import current_language, normalise
from app.models import (
    Borrower,
    Case,
    Instalment,
    Loan,
    LoanProduct,
    LoanReinstatement,
    LoanStatus,
    Payment,
    PaymentAllocation,
)
from app.models.loan import OWED
from app.queries.search import SortKeys, like_pattern, matching_borrowers, name_order, sort_terms


@dataclass(frozen=True)
class LoanRow:
    id: int
    loan_no: str
    borrower: str
    product: str
    principal: int
    term_months: int
    status: str
    outstanding: int
    # The due date of its oldest instalment not paid in full: a past date for a loan overdue
    # since then, the next instalment's for one paid up (QA: it was called "Next due").
    oldest_unpaid_due_on: dt.date | None


@dataclass(frozen=True)
class ScheduleRow:
    seq: int
    due_on: dt.date
    principal: int
    interest: int
    fee: int
    paid: int
    outstanding: int
    paid_off_on: dt.date | None


@dataclass(frozen=True)
class AllocationInfo:
    seq: int  # instalment number
    fee: int
    interest: int
    principal: int

    @property
    def total(self) -> int:
        return self.fee + self.interest + self.principal


@dataclass(frozen=True)
class PaymentInfo:
    paid_on: dt.date
    amount: int
    method: str
    reference: str
    credit: int
    allocations: list[AllocationInfo] = field(default_factory=list)


@dataclass(frozen=True)
class LoanCase:
    """One of the loan's collection cases, as its pane lists them (the latest first)."""

    id: int
    case_no: str
    status: str
    close_reason: str | None
    opened_on: dt.date
    closed_on: dt.date | None


@dataclass(frozen=True)
class LoanDetail:
    id: int
    loan_no: str
    borrower_id: int
    borrower: str
    product: str
    schedule_type: str
    principal: int
    annual_rate_bp: int
    term_months: int
    disbursed_on: dt.date
    first_due_on: dt.date
    status: str
    closed_on: dt.date | None
    home_visit_consent: bool
    third_party_consent: bool
    credit_balance: int
    outstanding: int
    schedule: list[ScheduleRow] = field(default_factory=list)
    payments: list[PaymentInfo] = field(default_factory=list)
    # Write-offs undone: (written off on, reinstated on, what was written off), oldest first.
    reinstated: list[tuple[dt.date, dt.date, int]] = field(default_factory=list)
    # Its cases, the latest (the one a supervisor decides on) first.
    cases: list[LoanCase] = field(default_factory=list)


def product_name(name_en: str, name_zh: str, lang: str | None = None) -> str:
    """The product's name in `lang` (default: the current language)."""
    return name_zh if normalise(lang or current_language()) == "zh_CN" else name_en


def _outstanding() -> ColumnElement[int]:
    """What the loan still owes: its unpaid instalments' dues less what was paid on them."""
    owed = (
        Instalment.principal_due
        + Instalment.interest_due
        + Instalment.fee_due
        - Instalment.principal_paid
        - Instalment.interest_paid
        - Instalment.fee_paid
    )
    return (
        select(func.coalesce(func.sum(owed), 0))
        .where(Instalment.loan_id == Loan.id, UNPAID)  # ix_instalment_unpaid_by_loan
        .scalar_subquery()
    )


def _oldest_unpaid_due() -> ColumnElement[dt.date]:
    return (
        select(func.min(Instalment.due_on))
        .where(Instalment.loan_id == Loan.id, UNPAID)  # ix_instalment_unpaid_by_loan
        .scalar_subquery()
    )


SORT_KEYS: SortKeys = {
    "loan_no": lambda: Loan.loan_no,
    "borrower": name_order,
    "product": lambda: LoanProduct.code,
    "principal": lambda: Loan.principal,
    "term": lambda: Loan.term_months,
    "status": lambda: Loan.status,
    "outstanding": _outstanding,
    "next_due": _oldest_unpaid_due,  # the key keeps its name (the benchmarks sort by it)
    "disbursed_on": lambda: Loan.disbursed_on,
    "id": lambda: Loan.id,
}


def _loans(session: Session, search: str, status: str | None) -> Select[int]:
    """The ids of the loans whose number or borrower matches `search`, with `status`."""
    query = (
        select(Loan.id)
        .join(Borrower, Loan.borrower_id == Borrower.id)
        .join(LoanProduct, Loan.product_id == LoanProduct.id)
    )
    if status:
        query = query.where(Loan.status == LoanStatus(status))
    matching = matching_borrowers(session, search)
    if matching is not None:
        text = search.strip()
        by_number = select(Loan.id).where(Loan.loan_no.like(like_pattern(text), escape="\\"))
        of_borrowers = select(Loan.id).where(Loan.borrower_id.in_(matching))
        query = query.where(Loan.id.in_(union_all(by_number, of_borrowers)))
    return query


def loan_ids(
    session: Session,
    search: str = "",
    status: str | None = None,
    sort: str = "loan_no",
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    """Ids of loans whose number or borrower matches `search`, with `status`, in `sort` order;
    with `limit`, only the first ones (the Loans page's first screen: by loan number, read
    from the top of its index)."""
    key = SORT_KEYS.get(sort, SORT_KEYS["loan_no"])()
    query = _loans(session, search, status).order_by(*sort_terms(key, Loan.id, descending))
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def loan_count(session: Session, search: str = "", status: str | None = None) -> int:
    """How many loans `loan_ids` lists for the same search and status."""
    query = select(func.count()).select_from(_loans(session, search, status).subquery())
    return int(session.scalar(query) or 0)


def loan_rows(session: Session, ids: Sequence[int], lang: str | None = None) -> dict[int, LoanRow]:
    """Display rows for one page of loan ids."""
    if not ids:
        return {}
    query = (
        select(
            Loan.id,
            Loan.loan_no,
            Borrower.name,
            LoanProduct.name_en,
            LoanProduct.name_zh,
            Loan.principal,
            Loan.term_months,
            Loan.status,
            _outstanding(),
            _oldest_unpaid_due(),
        )
        .join(Borrower, Loan.borrower_id == Borrower.id)
        .join(LoanProduct, Loan.product_id == LoanProduct.id)
        .where(Loan.id.in_(list(ids)))
    )
    return {
        lid: LoanRow(
            lid,
            no,
            name,
            product_name(en, zh, lang),
            principal,
            term,
            str(status),
            int(owed or 0),
            oldest if LoanStatus(status) in OWED else None,  # a written-off loan: nothing due
        )
        for lid, no, name, en, zh, principal, term, status, owed, oldest in session.execute(query)
    }


def loan_detail(session: Session, loan_id: int, lang: str | None = None) -> LoanDetail:
    """A loan's contract clauses, full schedule and payments with their allocations."""
    loan = session.get(Loan, loan_id)
    if loan is None:
        raise NotFound("No loan with id {id}.", id=loan_id)
    instalments = list(
        session.scalars(
            select(Instalment).where(Instalment.loan_id == loan_id).order_by(Instalment.seq)
        )
    )
    seq_of = {i.id: i.seq for i in instalments}
    payments = list(
        session.scalars(
            select(Payment).where(Payment.loan_id == loan_id).order_by(Payment.paid_on, Payment.id)
        )
    )
    allocations: dict[int, list[AllocationInfo]] = {p.id: [] for p in payments}
    if payments:
        for a in session.scalars(
            select(PaymentAllocation).where(PaymentAllocation.payment_id.in_(allocations))
        ):
            allocations[a.payment_id].append(
                AllocationInfo(seq_of.get(a.instalment_id, 0), a.fee, a.interest, a.principal)
            )
    schedule = [
        ScheduleRow(
            i.seq,
            i.due_on,
            i.principal_due,
            i.interest_due,
            i.fee_due,
            i.total_paid,
            i.outstanding,
            i.paid_off_on,
        )
        for i in instalments
    ]
    borrower = session.get(Borrower, loan.borrower_id)
    product = session.get(LoanProduct, loan.product_id)
    assert borrower is not None and product is not None
    return LoanDetail(
        id=loan.id,
        loan_no=loan.loan_no,
        borrower_id=loan.borrower_id,
        borrower=borrower.name,
        product=product_name(product.name_en, product.name_zh, lang),
        schedule_type=str(loan.schedule_type),
        principal=loan.principal,
        annual_rate_bp=loan.annual_rate_bp,
        term_months=loan.term_months,
        disbursed_on=loan.disbursed_on,
        first_due_on=loan.first_due_on,
        status=str(loan.status),
        closed_on=loan.closed_on,
        home_visit_consent=loan.home_visit_consent,
        third_party_consent=loan.third_party_consent,
        credit_balance=loan.credit_balance,
        outstanding=sum(r.outstanding for r in schedule),
        schedule=schedule,
        payments=[
            PaymentInfo(
                p.paid_on,
                p.amount,
                p.method,
                p.reference or "",
                p.credit_amount,
                sorted(allocations[p.id], key=lambda a: a.seq),
            )
            for p in payments
        ],
        reinstated=[
            (r.written_off_on, r.reinstated_on, r.owed)
            for r in session.scalars(
                select(LoanReinstatement)
                .where(LoanReinstatement.loan_id == loan_id)
                .order_by(LoanReinstatement.written_off_on, LoanReinstatement.id)
            )
        ],
        cases=[
            LoanCase(
                c.id,
                c.case_no,
                str(c.status),
                str(c.close_reason) if c.close_reason else None,
                c.opened_on,
                c.closed_on,
            )
            for c in session.execute(
                select(
                    Case.id,
                    Case.case_no,
                    Case.status,
                    Case.close_reason,
                    Case.opened_on,
                    Case.closed_on,
                )
                .where(Case.loan_id == loan_id)
                .order_by(Case.id.desc())
            )
        ],
    )

"""Use cases on loans: book a loan with its schedule, post a payment through the waterfall."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import audit
from app.errors import ValidationError
from app.labels import LOAN_STATUS, label
from app.loans.allocation import InstalmentBalance, allocate
from app.loans.schedule import build_schedule
from app.models import (
    Borrower,
    Case,
    Instalment,
    Loan,
    LoanProduct,
    LoanStatus,
    Payment,
    PaymentAllocation,
    User,
)
from app.models.loan import OWED
from app.money import within_limit

MAX_REFERENCE = 60  # Payment.reference's column
CHUNK = 500  # ids per IN (…) query


def book_loan(
    session: Session,
    actor: User | None,
    *,
    loan_no: str,
    borrower: Borrower,
    product: LoanProduct,
    principal: int,
    term_months: int,
    disbursed_on: dt.date,
    first_due_on: dt.date | None = None,
    annual_rate_bp: int | None = None,
    home_visit_consent: bool = False,
    third_party_consent: bool = False,
) -> Loan:
    """Create a loan and its repayment schedule from the product's terms."""
    if session.scalar(select(Loan.id).where(Loan.loan_no == loan_no)) is not None:
        raise ValidationError("Loan number {loan_no} already exists.", loan_no=loan_no)
    rate = product.annual_rate_bp if annual_rate_bp is None else annual_rate_bp
    first_due = first_due_on or _one_month_after(disbursed_on)
    if first_due <= disbursed_on:
        raise ValidationError("The first instalment must fall due after the disbursement date.")
    plan = build_schedule(principal, rate, term_months, product.schedule_type, first_due)
    loan = Loan(
        loan_no=loan_no,
        borrower=borrower,
        product=product,
        principal=principal,
        annual_rate_bp=rate,
        term_months=term_months,
        schedule_type=product.schedule_type,
        disbursed_on=disbursed_on,
        first_due_on=first_due,
        home_visit_consent=home_visit_consent,
        third_party_consent=third_party_consent,
        instalments=[
            Instalment(
                seq=p.seq,
                due_on=p.due_on,
                principal_due=p.principal,
                interest_due=p.interest,
                fee_due=p.fee,
            )
            for p in plan
        ],
    )
    session.add(loan)
    session.flush()
    audit.record(session, actor, "loan.book", "loan", loan.loan_no, {"principal": principal})
    return loan


def _one_month_after(day: dt.date) -> dt.date:
    from app.loans.schedule import add_months

    return add_months(day, 1)


def stored_paid_on(
    session: Session, instalment_ids: Sequence[int], loan_ids: Sequence[int] = ()
) -> tuple[dict[int, dt.date], dict[int, dt.date]]:
    """The latest date among the stored allocations to each instalment, and among the stored
    payments on each loan (those with none are left out), a few hundred ids per query."""
    found: tuple[dict[int, dt.date], dict[int, dt.date]] = ({}, {})
    queries = (
        (PaymentAllocation.instalment_id, PaymentAllocation.paid_on, instalment_ids),
        (Payment.loan_id, Payment.paid_on, loan_ids),
    )
    with session.no_autoflush:
        for into, (key, day, ids) in zip(found, queries, strict=True):
            ordered = sorted(ids)
            for start in range(0, len(ordered), CHUNK):
                chunk = ordered[start : start + CHUNK]
                for owner, latest in session.execute(
                    select(key, func.max(day)).where(key.in_(chunk)).group_by(key)
                ):
                    if latest is not None:
                        into[owner] = latest
    return found


def latest_paid_on(
    session: Session, loan_id: int, instalment_ids: list[int], paid_on: dt.date, whole_loan: bool
) -> dict[int | None, dt.date]:
    """The day each of these instalments, paid off by a payment dated `paid_on`, and the loan
    (key None, when `whole_loan`) were paid off: `paid_on`, or a later day if a payment dated
    later had already paid part. A payment posted late, dated before one posted earlier,
    completes the debt only on the later day (it was not paid off before that money came)."""
    if not instalment_ids:
        return {}
    instalments, loans = stored_paid_on(session, instalment_ids, [loan_id] if whole_loan else [])
    found: dict[int | None, dt.date] = {k: max(paid_on, d) for k, d in instalments.items()}
    if loan_id in loans:
        found[None] = max(paid_on, loans[loan_id])
    return found


def no_more_payments(
    session: Session, loan_id: int, loan_no: str, status: LoanStatus
) -> ValidationError:
    """The refusal of a payment to a loan that is no longer owed; money that comes in after a
    write-off is posted once a supervisor reinstates the loan, from the case named."""
    if status is LoanStatus.WRITTEN_OFF:
        case_no = session.scalar(
            select(Case.case_no).where(Case.loan_id == loan_id).order_by(Case.id.desc()).limit(1)
        )
        if case_no is not None:
            return ValidationError(
                "Loan {loan_no} is written off; it takes no more payments. To post money paid "
                "after the write-off, a supervisor first reinstates the loan from its case "
                "{case}.",
                loan_no=loan_no,
                case=case_no,
            )
    return ValidationError(
        "Loan {loan_no} is {status}; it takes no more payments.",
        loan_no=loan_no,
        status=label(LOAN_STATUS, status).lower(),
    )


def post_payment(
    session: Session,
    actor: User | None,
    loan: Loan,
    amount: int,
    paid_on: dt.date,
    *,
    method: str = "transfer",
    reference: str | None = None,
) -> Payment:
    """Allocate a payment by the waterfall; any overpayment becomes the loan's credit."""
    if amount <= 0:
        raise ValidationError("A payment must be more than zero.")
    within_limit(amount)
    if loan.status not in OWED:  # a loan in legal is still owed, and still paid
        raise no_more_payments(session, loan.id, loan.loan_no, loan.status)
    if paid_on < loan.disbursed_on:
        raise ValidationError(
            "The payment on {date} predates the loan's disbursement on {disbursed}.",
            date=paid_on,
            disbursed=loan.disbursed_on,
        )
    reference = (reference or "").strip() or None  # a blank reference is no reference
    if reference and len(reference) > MAX_REFERENCE:  # the payments import's rule
        raise ValidationError("A reference has at most 60 characters.")
    if reference and session.scalar(select(Payment.id).where(Payment.reference == reference)):
        raise ValidationError("A payment with reference {ref} is already posted.", ref=reference)
    by_id = {i.id: i for i in loan.instalments}
    balances = [
        InstalmentBalance(
            i.id,
            i.due_on,
            i.fee_due,
            i.interest_due,
            i.principal_due,
            i.fee_paid,
            i.interest_paid,
            i.principal_paid,
        )
        for i in loan.instalments
    ]
    allocations, credit = allocate(amount, balances)
    paid_off = latest_paid_on(
        session,
        loan.id,
        [b.key for b in balances if b.outstanding == 0 and by_id[b.key].paid_off_on is None],
        paid_on,
        whole_loan=all(b.outstanding == 0 for b in balances),
    )
    payment = Payment(
        loan=loan,
        paid_on=paid_on,
        amount=amount,
        method=method,
        reference=reference,
        credit_amount=credit,
        created_by_id=actor.id if actor else None,
    )
    for bal in balances:
        inst = by_id[bal.key]
        inst.fee_paid, inst.interest_paid, inst.principal_paid = (
            bal.fee_paid,
            bal.interest_paid,
            bal.principal_paid,
        )
        if inst.outstanding == 0 and inst.paid_off_on is None:
            inst.paid_off_on = paid_off.get(inst.id, paid_on)
    payment.allocations = [
        PaymentAllocation(
            instalment_id=a.key,
            fee=a.fee,
            interest=a.interest,
            principal=a.principal,
            paid_on=paid_on,
            late=by_id[a.key].due_on < paid_on,
        )
        for a in allocations
    ]
    loan.credit_balance += credit
    if all(i.outstanding == 0 for i in loan.instalments):
        loan.status = LoanStatus.PAID
        loan.closed_on = paid_off.get(None, paid_on)
    session.add(payment)
    session.flush()
    audit.record(
        session,
        actor,
        "payment.post",
        "loan",
        loan.loan_no,
        {
            "amount": amount,
            "paid_on": paid_on.isoformat(),
            "credit": credit,
            "reference": reference,
        },
    )
    return payment

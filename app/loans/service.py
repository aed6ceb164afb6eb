"""Use cases on loans: book a loan with its schedule, post a payment through the waterfall."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.errors import ValidationError
from app.labels import LOAN_STATUS, label
from app.loans.replay import allocate_payment, record_reallocation
from app.loans.schedule import build_schedule
from app.models import (
    Borrower,
    Case,
    Instalment,
    Loan,
    LoanProduct,
    LoanStatus,
    Payment,
    User,
)
from app.models.loan import OWED
from app.money import within_limit
from app.typed_number import reference_key

MAX_REFERENCE = 60  # Payment.reference's column


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
    """Allocate a payment by the waterfall, in date order (app/loans/replay.py); any
    overpayment becomes the loan's credit."""
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
    key = reference_key(reference)
    if key is not None:
        # tx-999 is TX-999, and ｂａｎｋ７７７ is BANK777: named as it was posted.
        same = select(Payment.reference).where(Payment.reference_key == key).limit(1)
        posted = session.scalar(same)
        if posted is not None:
            raise ValidationError("A payment with reference {ref} is already posted.", ref=posted)
    payment = Payment(  # tied to the loan once allocated: nothing is flushed half-way
        paid_on=paid_on,
        amount=amount,
        method=method,
        reference=reference,
        reference_key=key,
        credit_amount=0,
        created_by_id=actor.id if actor else None,
    )
    # By date: the payments posted already and dated after this one are allocated again after it.
    later = allocate_payment(session, loan, payment)
    credit = payment.credit_amount
    payment.loan = loan
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
    if later:
        record_reallocation(session, actor, loan, payment, later)
    return payment

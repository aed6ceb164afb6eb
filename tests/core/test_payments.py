"""Booking loans and posting payments against a real encrypted database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from app.errors import ValidationError
from app.loans.service import book_loan, post_payment
from app.models import (
    AuditEntry,
    Borrower,
    Loan,
    LoanProduct,
    LoanStatus,
    Payment,
    PaymentAllocation,
    Segment,
)
from app.office import create_office
from app.privacy import hash_key, id_hash

ID = "11010519491231002X"


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="测试营业部", admin_username="admin", admin_password="demo"
        )
        b = Borrower(
            borrower_no="B000001",
            name="张三",
            national_id=ID,
            national_id_hash=id_hash(hash_key(s), ID),
            segment=Segment.YOUNG,
        )
        s.add(b)
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "PCL"))
        book_loan(
            s,
            admin,
            loan_no="L000001",
            borrower=b,
            product=product,
            principal=1_200_000,
            term_months=12,
            disbursed_on=dt.date(2026, 1, 5),
        )
    return db


def _loan(s):
    return s.scalar(select(Loan).where(Loan.loan_no == "L000001"))


def test_book_loan_writes_schedule_and_audit(office):
    with office.session() as s:
        loan = _loan(s)
        assert len(loan.instalments) == 12
        assert loan.instalments[0].due_on == dt.date(2026, 2, 5)
        assert sum(i.principal_due for i in loan.instalments) == 1_200_000
        assert s.scalar(select(func.count()).select_from(AuditEntry)) >= 2


LATE_FLAGS_WRONG = text(
    "SELECT count(*) FROM payment_allocation a JOIN payment p ON p.id = a.payment_id"
    " JOIN instalment i ON i.id = a.instalment_id"
    " WHERE a.paid_on IS NULL OR a.paid_on <> p.paid_on OR a.late <> (i.due_on < p.paid_on)"
)


def late_flags_wrong(session) -> int:
    """Allocations whose `paid_on` is not their payment's date, or whose `late` does not say
    "the instalment was due before it" (the demo, the importer and the core each write them)."""
    return int(session.scalar(LATE_FLAGS_WRONG) or 0)


def test_payment_allocates_and_persists(office):
    with office.session() as s:
        loan = _loan(s)
        first = loan.instalments[0]
        payment = post_payment(
            s, None, loan, first.total_due + 500, dt.date(2026, 2, 5), reference="R1"
        )
        assert payment.credit_amount == 0
    with office.session() as s:
        loan = _loan(s)
        assert loan.instalments[0].outstanding == 0
        assert loan.instalments[0].paid_off_on == dt.date(2026, 2, 5)
        assert loan.instalments[1].total_paid == 500
        allocated = s.scalar(
            select(
                func.sum(
                    PaymentAllocation.fee + PaymentAllocation.interest + PaymentAllocation.principal
                )
            )
        )
        assert allocated == s.scalar(select(func.sum(Payment.amount)))
        assert late_flags_wrong(s) == 0
    with office.session() as s:  # a month later: the second instalment is paid late
        post_payment(s, None, _loan(s), 10_000, loan.instalments[1].due_on + dt.timedelta(days=30))
        late = s.scalars(select(PaymentAllocation.late).order_by(PaymentAllocation.id)).all()
        assert late[-1] is True and late_flags_wrong(s) == 0


def test_overpayment_is_kept_as_credit_and_loan_closes(office):
    with office.session() as s:
        loan = _loan(s)
        owed = sum(i.outstanding for i in loan.instalments)
        payment = post_payment(s, None, loan, owed + 12_345, dt.date(2026, 3, 1))
        assert payment.credit_amount == 12_345
    with office.session() as s:
        loan = _loan(s)
        assert loan.credit_balance == 12_345
        assert loan.status is LoanStatus.PAID and loan.closed_on == dt.date(2026, 3, 1)


def test_a_back_dated_payment_pays_off_on_the_day_of_the_later_one_it_completes(office):
    """QA: a payment dated 03-10 posted after one dated 03-20, and paying off what that one
    began, closed the loan on 03-10, ten days before the 03-20 payment had come in: the
    portfolio report dropped the loan from the book too early."""
    with office.session() as s:
        loan = _loan(s)
        owed = sum(i.outstanding for i in loan.instalments)
        post_payment(s, None, loan, owed - 100_000, dt.date(2026, 3, 20))
        open_instalment = next(i for i in loan.instalments if i.outstanding)
        begun = open_instalment.total_paid > 0
    with office.session() as s:
        loan = _loan(s)
        post_payment(s, None, loan, 100_000, dt.date(2026, 3, 10))
    with office.session() as s:
        loan = _loan(s)
        assert loan.status is LoanStatus.PAID and loan.closed_on == dt.date(2026, 3, 20)
        last = next(i for i in loan.instalments if i.id == open_instalment.id)
        # Begun by the 03-20 payment: paid off then; else by the 03-10 one alone.
        assert last.paid_off_on == (dt.date(2026, 3, 20) if begun else dt.date(2026, 3, 10))
        assert begun


@pytest.mark.parametrize(
    "amount,day,ref",
    [
        (0, dt.date(2026, 2, 5), None),
        (-100, dt.date(2026, 2, 5), None),
        (100, dt.date(2025, 12, 31), None),
        (10**22, dt.date(2026, 2, 5), None),  # "1e20" yuan: refused, not an overflow
    ],
)
def test_bad_payments_save_nothing(office, amount, day, ref):
    with pytest.raises(ValidationError), office.session() as s:
        post_payment(s, None, _loan(s), amount, day, reference=ref)
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 0


def test_duplicate_reference_and_closed_loan_refused(office):
    with office.session() as s:
        post_payment(s, None, _loan(s), 1_000, dt.date(2026, 2, 5), reference="DUP")
    with pytest.raises(ValidationError, match="already posted"), office.session() as s:
        post_payment(s, None, _loan(s), 1_000, dt.date(2026, 2, 6), reference="DUP")
    with office.session() as s:
        loan = _loan(s)
        post_payment(
            s, None, loan, sum(i.outstanding for i in loan.instalments), dt.date(2026, 2, 7)
        )
    with pytest.raises(ValidationError, match="no more payments"), office.session() as s:
        post_payment(s, None, _loan(s), 1_000, dt.date(2026, 2, 8))
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 2


def test_a_blank_reference_is_none_and_a_long_one_is_refused(office):
    """QA: a blank --ref was stored as '' and the second blank one crashed on the unique index."""
    with office.session() as s:
        post_payment(s, None, _loan(s), 1_000, dt.date(2026, 2, 5), reference="  ")
        post_payment(s, None, _loan(s), 1_000, dt.date(2026, 2, 6), reference="")
    with office.session() as s:
        assert s.scalars(select(Payment.reference)).all() == [None, None]
    with pytest.raises(ValidationError, match="at most 60 characters"), office.session() as s:
        post_payment(s, None, _loan(s), 1_000, dt.date(2026, 2, 7), reference="X" * 61)
    with office.session() as s:
        post_payment(s, None, _loan(s), 1_000, dt.date(2026, 2, 7), reference="X" * 60)
        assert s.scalar(select(func.count()).select_from(Payment)) == 3


def test_a_loan_number_typed_in_lower_case_is_found(office):
    from app.cases.payments import find_loan

    with office.session() as s:
        number = _loan(s).loan_no
        assert find_loan(s, f"  {number.lower()} ").loan_no == number


def test_duplicate_loan_number_refused(office):
    with pytest.raises(ValidationError), office.session() as s:
        b = s.scalar(select(Borrower))
        product = s.scalar(select(LoanProduct))
        book_loan(
            s,
            None,
            loan_no="L000001",
            borrower=b,
            product=product,
            principal=100,
            term_months=1,
            disbursed_on=dt.date(2026, 1, 1),
        )


@pytest.mark.parametrize("text", ["1000000000000", "-1,000,000,000,000.00", "99999999999999"])
def test_amounts_too_large_are_refused_clearly(text):
    from app.money import to_minor

    with pytest.raises(ValidationError, match="Too large an amount"):
        to_minor(text)
    assert to_minor("999999999999.99") == 99_999_999_999_999  # the largest taken
    assert to_minor(Decimal("1E+3")) == 100_000  # a Decimal from the code, not typed text


@pytest.mark.parametrize(
    "text", ["1e30", "1e3", "1_000", "1,23.4", "1,0,0,0", ",,5", "12,34", "1,2345", "1.2.3", "¥5"]
)
def test_only_amounts_written_as_amounts_are_taken(text):
    """Typed text must look like an amount: "1e3" was 1,000.00 and "1,23.4" 123.40."""
    from app.money import to_minor

    with pytest.raises(ValidationError, match="Not an amount"):
        to_minor(text)


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("1,234.50", 123450),
        ("1234.5", 123450),
        ("0.5", 50),
        (".5", 50),
        ("12,345,678", 1234567800),
        (" 7 ", 700),
        ("-3.00", -300),
        ("1.", 100),
        ("1，234．50", 123450),  # a Chinese input method's full-width comma and point
        ("１２３４", 123400),
    ],
)
def test_amounts_as_people_write_them(text, minor):
    from app.money import to_minor

    assert to_minor(text) == minor

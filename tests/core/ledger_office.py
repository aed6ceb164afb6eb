"""An office with the QA round's two test loans, booked on fixed days (no payment is posted):

- Q1: equal instalment, 12,000.00 at 12.5 % over 12 months, first due on `first_due`:
  1,068.99 a month; the first rows (principal / interest) 943.99/125.00, 953.82/115.17,
  963.76/105.23, 973.80/95.19, 983.94/85.05, 994.19/74.80, 1,004.55/64.44 (worked out by hand).
- Q2: equal principal, 10,000.00 at 18 % over 6 months, first due 2026-06-30: 1,666.66 of
  principal a month (1,666.70 the last) with interest 150.00, 125.00, 100.00, 75.00, 50.00, 25.00
  (another first due day may be given).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.loans.schedule import add_months
from app.loans.service import book_loan
from app.models import Borrower, Loan, LoanProduct, Segment, User
from app.office import create_office
from app.privacy import hash_key, id_hash

ID = "11010519491231002X"
Q1_ROWS = [  # (principal, interest) of Q1's first seven instalments, minor units
    (94_399, 12_500),
    (95_382, 11_517),
    (96_376, 10_523),
    (97_380, 9_519),
    (98_394, 8_505),
    (99_419, 7_480),
    (100_455, 6_444),
]
Q1_PAYMENT = 106_899
Q2_FIRST_DUE = dt.date(2026, 6, 30)


def build(
    db, first_due: dt.date = dt.date(2026, 6, 10), q2_first_due: dt.date = Q2_FIRST_DUE
) -> None:
    """Create the office (admin "admin", supervisor "sup", password "demo") and book Q1, Q2."""
    from app.auth import add_user
    from app.models import Role

    with db.session() as s:
        _, admin = create_office(
            s, name="测试营业部", admin_username="admin", admin_password="demo"
        )
        add_user(s, admin, "sup", Role.SUPERVISOR, "demo", "Sup Visor")
        b = Borrower(
            borrower_no="B000001",
            name="测试甲",
            national_id=ID,
            national_id_hash=id_hash(hash_key(s), ID),
            segment=Segment.YOUNG,
        )
        s.add(b)
        pcl = s.scalar(select(LoanProduct).where(LoanProduct.code == "PCL"))
        sul = s.scalar(select(LoanProduct).where(LoanProduct.code == "SUL"))
        book_loan(
            s,
            admin,
            loan_no="Q1",
            borrower=b,
            product=pcl,
            principal=1_200_000,
            term_months=12,
            disbursed_on=add_months(first_due, -1),
            first_due_on=first_due,
            annual_rate_bp=1250,
        )
        book_loan(
            s,
            admin,
            loan_no="Q2",
            borrower=b,
            product=sul,
            principal=1_000_000,
            term_months=6,
            disbursed_on=add_months(q2_first_due, -1),
            first_due_on=q2_first_due,
            annual_rate_bp=1800,
        )


def loan(s, loan_no: str) -> Loan:
    return s.scalar(select(Loan).where(Loan.loan_no == loan_no))


def user(s, name: str) -> User:
    return s.scalar(select(User).where(User.username == name))

"""A small hand-made office at the edges where two surfaces could count the same figure apart:
loans at each bucket boundary (DPD 0, 1, 30, 31, 60, 61, 90, 91, 180, 181), one paid off today,
complaints answered by today, in three and four days and one overdue, and agents with a course
expiring today, one lapsed yesterday and one missing (tests/*/test_same_figures*.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.auth import add_user
from app.cases.payments import record_payment
from app.cases.rebuild import rebuild_queue
from app.complaints import record_complaint
from app.loans.service import book_loan
from app.models import Borrower, Case, Loan, LoanProduct, Segment, User
from app.office import create_office, office_today
from app.privacy import hash_key, id_hash
from app.training import record_training
from app.training.records import find_course
from app.training.status import expiry_for

EDGE_DPD = (0, 1, 30, 31, 60, 61, 90, 91, 180, 181)
PAID_TODAY = "L-PAID"  # ten days past due, paid off today
PRINCIPAL = 100_000
# Complaints received so that their answer (15 days) is due this many days from today.
DEADLINE_IN = (-2, 0, 3, 4)
PASSWORD = "pw-same"


def _taken_for(months: int, last_valid: dt.date) -> dt.date:
    """The day a pass was taken whose last valid day (`months` valid) is `last_valid`."""
    day = last_valid
    while expiry_for(day, months) > last_valid:
        day -= dt.timedelta(days=1)
    return day


def _id_number(n: int) -> str:
    """A valid 18-digit resident ID (its check digit computed), distinct per `n`."""
    body = f"11010119900101{n:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def build_same_office(db) -> dt.date:  # type: ignore[no-untyped-def]
    """Build the edge office in `db` (an empty migrated database); returns its today."""
    with db.session() as s:
        _, admin = create_office(s, name="Office", admin_username="admin", admin_password=PASSWORD)
        sup = add_user(s, admin, "supervisor", "supervisor", PASSWORD)
        agents = [
            add_user(s, admin, f"agent0{n}", "agent", PASSWORD, f"Agent {n}") for n in (1, 2, 3)
        ]
        today = office_today(s)
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "SUL"))
        loans = [(f"L{dpd}", dpd) for dpd in EDGE_DPD] + [(PAID_TODAY, 10)]
        for n, (loan_no, dpd) in enumerate(loans):
            nid = _id_number(n)
            borrower = Borrower(
                borrower_no=f"B{n}",
                name=f"借款人{n}",
                national_id=nid,
                national_id_hash=id_hash(hash_key(s), nid),
                segment=Segment.YOUNG,
            )
            s.add(borrower)
            due = today - dt.timedelta(days=dpd)
            book_loan(
                s,
                admin,
                loan_no=loan_no,
                borrower=borrower,
                product=product,
                principal=PRINCIPAL + dpd,
                term_months=1,
                disbursed_on=due - dt.timedelta(days=40),
                first_due_on=due,
                annual_rate_bp=0,
            )
        rebuild_queue(s, None, today)
        for n, case in enumerate(s.scalars(select(Case).order_by(Case.id))):
            case.assigned_agent_id = agents[n % 2].id
        record_payment(s, sup, PAID_TODAY, PRINCIPAL + 10, today, today=today)
        open_cases = s.scalars(
            select(Case.case_no).join(Loan).where(Case.dpd > 0).order_by(Case.id)
        ).all()
        for case_no, days in zip(open_cases, DEADLINE_IN, strict=False):
            record_complaint(
                s,
                sup,
                case_no=case_no,
                agent_username=None,
                received_on=today + dt.timedelta(days=days - 15),
                source="borrower",
                channel="phone",
                category="harassment",
                description="电话太多",
                today=today,
            )
        far = today + dt.timedelta(days=200)
        lasts = {
            "agent01": {"COMM": today},  # its last valid day: expiring, not lapsed
            "agent02": {"NEGO": today - dt.timedelta(days=1)},  # lapsed yesterday
            "agent03": {"SAFE": None},  # never passed: missing
        }
        for who, special in lasts.items():
            user = s.scalar(select(User).where(User.username == who))
            for code in ("COMM", "NEGO", "LAW", "SAFE"):
                last = special.get(code, far)
                if last is None:
                    continue
                course = find_course(s, code)
                record_training(
                    s,
                    sup,
                    user,
                    course,
                    taken_on=_taken_for(course.validity_months, last),
                    score=90,
                    today=today,
                )
    return today

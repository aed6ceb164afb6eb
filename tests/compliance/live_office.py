"""A small office for the live-check tests: one borrower with a related person, one loan, and
case C1 assigned to agent01; the shipped rule set stored as at start."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import select

from app.auth import add_user
from app.compliance import startup_check
from app.loans.service import book_loan
from app.models import Borrower, Case, LoanProduct, Phone, RelatedPerson, Relationship, Segment
from app.office import create_office
from app.privacy import hash_key, id_hash
from tests.trained import train

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PHONE = "+8613812345678"


def yesterday(hour: int, minute: int = 0) -> dt.datetime:
    """Yesterday at hour:minute, Shanghai time."""
    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI)


def build_office(db):  # type: ignore[no-untyped-def]
    """Fill `db` (an empty database) with the office; returns it."""
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        agent = add_user(s, admin, "agent01", "agent", "pw-agent")
        train(s, admin, agent, add_user(s, admin, "agent02", "agent", "pw-agent"))
        nid = "11010519491231002X"
        borrower = Borrower(
            borrower_no="B1",
            name="张三",
            national_id=nid,
            national_id_hash=id_hash(hash_key(s), nid),
            segment=Segment.YOUNG,
            phones=[Phone(number=PHONE, is_primary=True)],
            related_persons=[
                RelatedPerson(name="李四", relation=Relationship.RELATIVE, phone="+8613912345678")
            ],
        )
        s.add(borrower)
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "SUL"))
        loan = book_loan(
            s,
            admin,
            loan_no="L1",
            borrower=borrower,
            product=product,
            principal=1_200_000,
            term_months=12,
            disbursed_on=dt.date.today() - dt.timedelta(days=120),
            annual_rate_bp=0,
            home_visit_consent=True,
        )
        # Opened a month ago: contacts are logged on the days before today.
        s.add(
            Case(case_no="C1", loan_id=loan.id, opened_on=dt.date.today() - dt.timedelta(days=30))
        )
        s.flush()
        s.scalar(select(Case)).assigned_agent_id = agent.id
        startup_check(s)  # as the app does at start: the shipped rule set stored as version 1
    return db

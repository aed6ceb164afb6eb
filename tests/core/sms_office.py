"""A UK office with one open case, assigned to agent01 (password pw-agent, trained), whose
borrower B1 has a home landline as the primary number, a work mobile and a mobile; the tests of
an SMS to a landline (core, CLI) use it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import add_user
from app.cases.rebuild import rebuild_queue
from app.loans.service import book_loan
from app.models import Borrower, Case, LoanProduct, Phone, Segment
from app.office import create_office
from app.privacy import hash_key, id_hash
from tests.trained import train

LONDON = zoneinfo.ZoneInfo("Europe/London")
HOME = "+442890321234"  # 028 9032 1234: a Belfast landline, filed as the home number
WORK_MOBILE = "+447912345679"  # a work mobile (kind work): takes SMS
MOBILE = "+447911123456"  # 07911 123456
OTHER_LANDLINE = "0113 496 0123"  # a Leeds landline on nobody's file


def yesterday(hour: int) -> dt.datetime:
    """`hour` o'clock yesterday in London (within every rule set's hours)."""
    day = dt.datetime.now(LONDON).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), LONDON)


def build_uk_case(s: Session, *, mobiles: bool = True, phones: bool = True) -> str:
    """The office and its case (its number returned); without `mobiles`, the borrower's only
    number is the home landline; without `phones`, the borrower has no number at all."""
    _, admin = create_office(
        s,
        name="Office",
        admin_username="admin",
        admin_password="pw-admin",
        jurisdiction="uk",
        timezone="Europe/London",
        currency="GBP",
    )
    agent = add_user(s, admin, "agent01", "agent", "pw-agent")
    train(s, admin, agent)
    on_file = [Phone(number=HOME, kind="home", is_primary=True)] if phones else []
    if mobiles and phones:
        on_file += [Phone(number=WORK_MOBILE, kind="work"), Phone(number=MOBILE, kind="mobile")]
    nid = "AB123456C"
    borrower = Borrower(
        borrower_no="B1",
        name="Aoife Byrne",
        national_id=nid,
        national_id_hash=id_hash(hash_key(s), nid),
        segment=Segment.YOUNG,
        timezone="Europe/London",
        phones=on_file,
    )
    s.add(borrower)
    today = dt.datetime.now(LONDON).date()
    loan = book_loan(
        s,
        admin,
        loan_no="L1",
        borrower=borrower,
        product=s.scalar(select(LoanProduct).order_by(LoanProduct.id)),
        principal=1_200_000,
        term_months=12,
        disbursed_on=today - dt.timedelta(days=120),
        annual_rate_bp=0,
        third_party_consent=False,
    )
    rebuild_queue(s, None, today, loan_ids=[loan.id])
    case = s.scalar(select(Case))
    assert case is not None
    case.assigned_agent_id = agent.id
    return case.case_no

"""The borrower's details say which of their numbers is a landline (no SMS reaches it), for every
list that shows them (case page, borrower pane, `borrower phone`): a home landline is one, a work
mobile and a mobile are not."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Borrower
from app.privacy import mask_phone
from app.queries.borrowers import borrower_detail
from tests.core.sms_office import HOME, MOBILE, WORK_MOBILE, build_uk_case


def test_a_home_landline_is_a_landline_and_mobiles_are_not(db) -> None:
    with db.session() as s:
        build_uk_case(s)
    with db.sessions() as s:
        bid = s.scalar(select(Borrower.id).where(Borrower.borrower_no == "B1"))
        phones = borrower_detail(s, bid).phones
    assert {(p.number, p.kind, p.landline) for p in phones} == {
        (mask_phone(HOME), "home", True),
        (mask_phone(WORK_MOBILE), "work", False),
        (mask_phone(MOBILE), "mobile", False),
    }

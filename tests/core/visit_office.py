"""A small office for the visit tests: trained agents, borrowers whose loans allow home visits,
open cases, and a helper to book a visit at a future weekday hour (Shanghai)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from stdnum.cn import ric

from app.agreements.holiday_dates import is_holiday
from app.auth import add_user, authenticate
from app.cases.rebuild import rebuild_queue
from app.loans.service import book_loan
from app.models import Address, Borrower, Case, Loan, LoanProduct, Office, Phone, Segment, User
from app.office import create_office
from app.privacy import hash_key, id_hash
from app.training import record_training
from app.training.records import find_course
from app.visits import book_visit, request_visit, verify_visit
from tests.office_day import SHANGHAI, office_today

# When the borrower agreed to a visit in quiet hours: a day before the run, in the past at any
# hour and before any visit the tests book.
QUIET_AGREED_AT = (dt.datetime.now(SHANGHAI) - dt.timedelta(days=1)).replace(
    second=0, microsecond=0
)
PASSWORD = "pw-visits"
TRAINED = ("agent01", "agent02", "agent03")
UNTRAINED = "agent04"
PEOPLE = [
    ("张伟", "11010119900307123", "+8613812345678", "北京市朝阳区建国路1号院3单元"),
    ("欧阳明华", "44030519650812456", "+8613998765432", "深圳市南山区科技园2号楼"),
    ("李小龙", "31010419781125789", "+8615011112222", "上海市徐汇区漕溪北路3号"),
]


def visit_day(offset: int = 14, after: dt.date | None = None) -> dt.date:
    """A weekday at least `offset` days after `after` (default: the office's today) that is not
    a public holiday in China."""
    day = (after or office_today()) + dt.timedelta(days=offset)
    while day.weekday() >= 5 or is_holiday("CN", day):
        day += dt.timedelta(days=1)
    return day


def slot(hour: int, minute: int = 0, day: dt.date | None = None) -> dt.datetime:
    """Shanghai local time on the visit day."""
    return dt.datetime.combine(day or visit_day(), dt.time(hour, minute), SHANGHAI)


def build_visit_office(database: Any) -> None:
    """Fill an empty, migrated database with the visit office."""
    today = office_today()
    with database.session() as s:
        office, admin = create_office(
            s, name="东城网点", admin_username="admin", admin_password=PASSWORD
        )
        office.safety_contact = "值班主管 陈静 400-800-1234"
        add_user(s, admin, "supervisor", "supervisor", PASSWORD, "陈静")
        names = {"agent01": "王芳", "agent02": "李强", "agent03": "赵敏", "agent04": "孙磊"}
        agents = {u: add_user(s, admin, u, "agent", PASSWORD, n) for u, n in names.items()}
        for username in TRAINED:
            for code in ("COMM", "NEGO", "LAW", "SAFE"):
                record_training(
                    s,
                    admin,
                    agents[username],
                    find_course(s, code),
                    taken_on=today - dt.timedelta(days=30),
                    score=90,
                    today=today,
                )
        key = hash_key(s)
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "PCL"))
        loan_ids = []
        for n, (name, body, mobile, line) in enumerate(PEOPLE, start=1):
            nid = body + ric.calc_check_digit(body)
            borrower = Borrower(
                borrower_no=f"B{n:05d}",
                name=name,
                national_id=nid,
                national_id_hash=id_hash(key, nid),
                segment=Segment.YOUNG,
                phones=[Phone(number=mobile, kind="mobile", is_primary=True)],
                addresses=[Address(kind="home", line=line)],
            )
            s.add(borrower)
            s.flush()
            loan = book_loan(
                s,
                admin,
                loan_no=f"L{n:04d}",
                borrower=borrower,
                product=product,
                principal=1_200_000 * n,
                term_months=12,
                disbursed_on=today - dt.timedelta(days=150),
                home_visit_consent=n != 3,  # the third contract has no home-visit clause
            )
            loan_ids.append(loan.id)
            if n == 1:  # a second loan of the first borrower: two cases, one person to visit
                second = book_loan(
                    s,
                    admin,
                    loan_no="L0004",
                    borrower=borrower,
                    product=product,
                    principal=600_000,
                    term_months=12,
                    disbursed_on=today - dt.timedelta(days=120),
                    home_visit_consent=True,
                )
                second_loan = second.id
        loan_ids.append(second_loan)
        rebuild_queue(s, None, today, loan_ids=loan_ids)
        for case in s.scalars(select(Case)):
            case.assigned_agent_id = agents["agent01"].id
        assert s.scalar(select(Office.safety_contact))


def visit_office_path(template_db: Path, folder: Path) -> Path:
    """A closed copy of the template database holding the visit office."""
    import shutil

    from db.store import open_database
    from tests.conftest import TEST_KEY

    path = folder / "visits.db"
    shutil.copyfile(template_db, path)
    database = open_database(path, TEST_KEY)
    build_visit_office(database)
    database.close()
    return path


def case_nos(database: Any) -> list[str]:
    """The office's case numbers by loan: borrowers 1, 2, 3 (no home-visit clause), then the
    first borrower's second loan."""
    with database.session() as s:
        return list(
            s.scalars(
                select(Case.case_no).join(Loan, Loan.id == Case.loan_id).order_by(Loan.loan_no)
            )
        )


def login(database: Any, username: str) -> User:
    return authenticate(database.sessions, username, PASSWORD)


def verified_visit(database: Any, case_no: str, who: str = "agent01") -> str:
    """Request and verify a visit on the case; its number."""
    user = login(database, who)
    with database.session() as s:
        actor = s.get(User, user.id)
        visit = request_visit(s, actor, case_no)
        verify_visit(s, actor, visit.visit_no, identity=True, address=True, phone=True)
        return visit.visit_no


def book(
    database: Any,
    visit_no: str,
    agents: tuple[str, ...] = ("agent01", "agent02"),
    start: dt.datetime | None = None,
    minutes: int = 60,
    who: str = "agent01",
    **extra: Any,
):  # type: ignore[no-untyped-def]
    """Book through the core in a write-locked session; the BookingResult."""
    user = login(database, who)
    with database.session(write_lock=True) as s:
        return book_visit(
            s,
            s.get(User, user.id),
            visit_no,
            agents=agents,
            start=start or slot(10),
            minutes=minutes,
            borrower_agreed=True,
            consent_to_enter=True,
            **extra,
        )


def story_line(office, case_no: str, visit_no: str, lang: str) -> str:  # type: ignore[no-untyped-def]
    """The detail of visit `visit_no`'s line in the case's story, as the supervisor reads it."""
    from app.queries.case_page import case_detail

    with office.session() as s:
        items = case_detail(s, login(office, "supervisor"), case_no, lang).timeline
    (item,) = [i for i in items if i.kind == "visit" and visit_no in i.title]
    return item.detail

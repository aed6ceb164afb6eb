"""A tiny office for tests while no demo builder exists: three borrowers, four loans, payments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stdnum.cn import ric

from app.auth import add_user
from app.loans.service import book_loan, post_payment
from app.models import Address, Borrower, LoanProduct, Phone, RelatedPerson, Relationship, Segment
from app.office import create_office
from app.privacy import hash_key, id_hash

PEOPLE = [
    # name, ID body (17 digits), mobile, city, segment
    ("张伟", "11010119900307123", "+8613812345678", "北京市", Segment.YOUNG),
    ("欧阳明华", "44030519650812456", "+8613998765432", "深圳市", Segment.MATURE),
    ("李小龙", "31010419781125789", "+8615011112222", "上海市", Segment.SMALL_BUSINESS),
]


def resident_id(body: str) -> str:
    """A valid 18-character resident ID for a 17-digit body."""
    return body + ric.calc_check_digit(body)


def build_small_office(database: object) -> None:
    """Fill an empty, migrated database (a db.store.Database) with the small office."""
    with database.session() as session:  # type: ignore[attr-defined]
        _, admin = create_office(
            session, name="测试办公室", admin_username="admin", admin_password="demo"
        )
        add_user(session, admin, "supervisor", "supervisor", "demo", "Supervisor")
        add_user(session, admin, "agent01", "agent", "demo", "王芳")
        key = hash_key(session)
        products = {p.code: p for p in session.query(LoanProduct)}
        for n, (name, body, mobile, city, segment) in enumerate(PEOPLE, start=1):
            nid = resident_id(body)
            b = Borrower(
                borrower_no=f"B{n:05d}",
                name=name,
                national_id=nid,
                national_id_hash=id_hash(key, nid),
                segment=segment,
                do_not_call_at_work=(n == 2),
                employer="某某科技有限公司",
                phones=[
                    Phone(number=mobile, kind="mobile", is_primary=True),
                    Phone(number="+861065550000", kind="home"),
                ],
                addresses=[
                    Address(
                        kind="home",
                        line=f"{city}朝阳区建国路{n}号院3单元",
                        city=city,
                        province=city,
                    )
                ],
                related_persons=[
                    RelatedPerson(
                        name="刘洋",
                        relation=Relationship.SPOUSE,
                        phone="+8613700001111",
                        consent_to_contact=True,
                    )
                ],
            )
            session.add(b)
            session.flush()
            loan = book_loan(
                session,
                admin,
                loan_no=f"L2024{n:04d}",
                borrower=b,
                product=products["PCL"],
                principal=1_200_000 * n,
                term_months=12,
                disbursed_on=dt.date(2024, 1, 10),
                home_visit_consent=True,
            )
            post_payment(session, admin, loan, 150_000, dt.date(2024, 2, 10), reference=f"R{n}a")
            if n == 3:
                second = book_loan(
                    session,
                    admin,
                    loan_no="L20240099",
                    borrower=b,
                    product=products["SUL"],
                    principal=5_000_000,
                    term_months=24,
                    disbursed_on=dt.date(2024, 3, 1),
                )
                post_payment(session, admin, second, 400_000, dt.date(2024, 4, 1))


def small_office_path(template_db: Path, folder: Path) -> Path:
    """A copy of the template database with the small office in it, closed."""
    import shutil

    from db.store import open_database
    from tests.conftest import TEST_KEY

    path = folder / "small.db"
    shutil.copyfile(template_db, path)
    database = open_database(path, TEST_KEY)
    build_small_office(database)
    database.close()
    return path

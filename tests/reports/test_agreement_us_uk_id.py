"""The agreement names the borrower's ID number as the office's country does — a US office's
Social Security number (社会安全号), a UK office's National Insurance number (国民保险号) — and
masks it the way that country shows one; a Chinese office's is its resident ID, as before."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from app.agreements import draft_plan, gather_document
from app.models import Agreement, AgreementStatus, Borrower, Case, CaseStatus, Office, User
from reports.agreement import render_agreement
from tests.office_day import office_today


def _printed(db, jurisdiction: str, national_id: str | None) -> str:
    with db.session(write_lock=True) as s:
        s.execute(update(Office).values(jurisdiction=jurisdiction))
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        busy = select(Agreement.case_id).where(
            Agreement.status.in_([AgreementStatus.DRAFT, AgreementStatus.APPROVED])
        )
        case = s.scalars(
            select(Case)
            .where(Case.status != CaseStatus.CLOSED, Case.id.not_in(busy))
            .order_by(Case.id)
        ).first()
        if national_id is not None:
            s.execute(
                update(Borrower)
                .where(Borrower.id == case.loan.borrower_id)
                .values(national_id=national_id)
            )
        today = office_today()
        a = draft_plan(
            s, sup, case.case_no, count=3, start=today + dt.timedelta(days=9), today=today
        )
        doc = gather_document(s, sup, a.agreement_no)
    buf = io.BytesIO()
    render_agreement(doc, buf)
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages)


@pytest.mark.parametrize(
    ("jurisdiction", "national_id", "zh", "en", "shown", "hidden"),
    [
        ("us", "123456789", "社会安全号（已脱敏）", "Social Security number (masked)",
         "***-**-6789", "12345"),
        ("uk", "QQ123456C", "国民保险号（已脱敏）", "National Insurance number (masked)",
         "** ** ** 56 C", "QQ"),
    ],
)  # fmt: skip
def test_a_us_or_uk_agreement_names_the_countrys_id_number(
    demo_db, jurisdiction, national_id, zh, en, shown, hidden
) -> None:
    text = _printed(demo_db, jurisdiction, national_id)
    assert zh in text and en in text
    assert "身份证号" not in text and "ID number (masked)" not in text
    assert text.count(shown) == 2  # the parties' table and the borrower's signature block
    assert hidden not in text


def test_a_chinese_agreement_still_names_the_resident_id(demo_db) -> None:
    text = _printed(demo_db, "cn", None)
    assert "身份证号（已脱敏）" in text and "ID number (masked)" in text
    assert "社会安全号" not in text and "国民保险号" not in text

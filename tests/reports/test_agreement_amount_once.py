"""A US or UK office's agreement writes each amount once ("USD 12,000.00", not
"USD 12,000.00 / USD 12,000.00"): the Chinese and English halves are the same. A Chinese office's
keeps both, 元 and CNY (pypdf reads the PDF back)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from app.agreements import draft_plan, gather_document
from app.models import Agreement, AgreementStatus, Case, CaseStatus, Office, User
from reports.agreement import render_agreement
from tests.office_day import office_today


def _document(db):  # type: ignore[no-untyped-def]
    with db.session(write_lock=True) as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        busy = select(Agreement.case_id).where(
            Agreement.status.in_([AgreementStatus.DRAFT, AgreementStatus.APPROVED])
        )
        case = s.scalars(
            select(Case)
            .where(Case.status != CaseStatus.CLOSED, Case.id.not_in(busy))
            .order_by(Case.id)
        ).first()
        today = office_today()
        a = draft_plan(
            s, sup, case.case_no, count=3, start=today + dt.timedelta(days=9), today=today
        )
        return gather_document(s, sup, a.agreement_no)


def _text(doc, out=None) -> str:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    render_agreement(doc, buf)
    if out is not None:
        out.write_bytes(buf.getvalue())
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages)


@pytest.mark.parametrize("currency", ["USD", "GBP"])
def test_a_us_or_uk_amount_is_written_once(demo_db, currency, screenshot_dir):
    with demo_db.session() as s:
        s.execute(update(Office).values(jurisdiction="us" if currency == "USD" else "uk"))
    doc = dataclasses.replace(_document(demo_db), currency=currency)
    text = _text(doc, screenshot_dir / f"address-agreement-{currency}.pdf")
    amounts = re.findall(rf"{currency} [\d,]+\.\d\d", text)
    assert amounts, text
    assert not re.search(rf"{currency} [\d,]+\.\d\d / {currency}", text)
    assert "Agreed amount" in text


def test_a_chinese_amount_keeps_both_halves(demo_db):
    text = _text(_document(demo_db))
    assert re.search(r"[\d,]+\.\d\d 元 / CNY [\d,]+\.\d\d", text)

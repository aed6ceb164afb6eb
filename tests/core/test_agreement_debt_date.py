"""The printed agreement dates the debt on the day it was taken (QA s47 #2): a draft edited after
a payment takes the debt again that day, and clause 1 of the draft and of the signed copy says
"as of" that day, not the drafting day, beside the debt it prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import update

from app.agreements import approve, draft_plan, edit_draft, sign
from app.agreements.document import printable_document
from app.cases.payments import record_payment
from app.models import Agreement
from reports.agreement import render_agreement
from tests.core.test_agreements import DEBT, _case, _today, _user
from tests.core.test_agreements import office as office  # three overdue loans, agent01's


def _clause_one(s, number: str, path: Path, *, as_signed: bool = False) -> str:
    doc = printable_document(s, _user(s, "agent01"), number, as_signed=as_signed)
    render_agreement(doc, path, as_signed=as_signed)
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    return " ".join(text.split())


def test_the_debt_is_dated_on_the_day_an_edit_took_it_again(office, tmp_path: Path) -> None:
    today = _today()
    drafted = today - dt.timedelta(days=5)
    with office.session() as s:
        agent = _user(s, "agent01")
        start = today + dt.timedelta(days=10)
        number = draft_plan(s, agent, _case(s, "L1").case_no, count=2, start=start).agreement_no
        s.execute(  # as if drafted five days ago
            update(Agreement)
            .where(Agreement.agreement_no == number)
            .values(created_at=dt.datetime.combine(drafted, dt.time(4), dt.UTC))
        )
        s.expire_all()
        said = _clause_one(s, number, tmp_path / "drafted.pdf")
        assert f"CNY 12,000.00 under loan contract L1 as of {drafted.isoformat()}" in said, said
        record_payment(s, agent, "L1", 100_000, today, today=today)
        edit_draft(s, agent, number, amount=DEBT - 100_000)  # takes today's debt: 11,000.00
        said = _clause_one(s, number, tmp_path / "edited.pdf")
        assert f"CNY 11,000.00 under loan contract L1 as of {today.isoformat()}" in said, said
        assert f"截至 {today.isoformat()}" in said and drafted.isoformat() not in said
        approve(s, _user(s, "supervisor"), number)
        sign(s, agent, number, today)
        said = _clause_one(s, number, tmp_path / "signed.pdf", as_signed=True)
        assert f"CNY 11,000.00 under loan contract L1 as of {today.isoformat()}" in said, said

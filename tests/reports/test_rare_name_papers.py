"""A borrower named with rarer Chinese characters — 刘䶮 (Extension A), 王𡈼明 (Extension B,
outside the Basic Multilingual Plane) — on every paper that prints the name: the repayment
agreement, the agent's visit sheet and the borrower's copy of their data read back (pypdf) with
the name whole, in English and Chinese."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.access_copy_file import write_copy
from app.agreements.document import printable_document
from app.models import Agreement, Borrower, Case, Loan, User, Visit, VisitAgent
from app.office import office_zone
from app.queries.visits import day_sheet
from reports.agreement import render_agreement
from reports.visit_sheet import render_visit_sheet

NAMES = ["刘䶮", "王𡈼明"]
REASON = "借款人本人书面申请复制个人信息"


def _text(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == name))


@pytest.fixture(params=NAMES)
def renamed(request: pytest.FixtureRequest, demo_db):  # type: ignore[no-untyped-def]
    """(name, borrower no, agreement no, visit id) of a demo borrower with an agreement and a
    booked visit, now named `name`."""
    with demo_db.session() as s:
        case_id, visit_id = s.execute(
            select(Visit.case_id, Visit.id)
            .where(Visit.scheduled_start.is_not(None))
            .where(Visit.case_id.in_(select(Agreement.case_id)))
            .order_by(Visit.id)
            .limit(1)
        ).one()
        borrower = s.scalar(select(Borrower).join(Loan).join(Case).where(Case.id == case_id))
        borrower.name = request.param
        agreement_no = s.scalar(select(Agreement.agreement_no).where(Agreement.case_id == case_id))
        number = borrower.borrower_no
    return request.param, number, agreement_no, visit_id


def test_the_agreement_prints_the_name_whole(demo_db, renamed) -> None:
    name, _number, agreement_no, _visit = renamed
    with demo_db.sessions() as s:
        doc = printable_document(s, _user(s, "supervisor"), agreement_no)
    buf = io.BytesIO()
    render_agreement(doc, buf)
    text = _text(buf.getvalue())
    assert text.count(name) >= 2  # by the parties and at the signature
    assert "\x00" not in text


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_visit_sheet_prints_the_name_whole(demo_db, renamed, lang: str) -> None:
    name, _number, _agreement, visit_id = renamed
    with demo_db.sessions() as s:
        visit = s.get(Visit, visit_id)
        agent_id = s.scalar(select(VisitAgent.agent_id).where(VisitAgent.visit_id == visit_id))
        day = visit.scheduled_start.astimezone(office_zone(s)).date()
        sheet = day_sheet(s, _user(s, "supervisor"), s.get(User, agent_id).username, day)
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    text = _text(buf.getvalue())
    assert name in text and "\x00" not in text


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_copy_of_their_data_prints_the_name_whole(
    demo_db, renamed, tmp_path: Path, lang: str
) -> None:
    name, number, _agreement, _visit = renamed
    with demo_db.sessions() as s:
        sup = _user(s, "supervisor")
    path = write_copy(demo_db.sessions, sup, number, tmp_path / "copy.pdf", REASON, lang).path
    text = _text(path.read_bytes())
    assert name in text and "\x00" not in text

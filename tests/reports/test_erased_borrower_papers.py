"""A borrower whose personal data were erased (app/erasure.py), on what is still printed or shown
of their old cases: the agreement PDF and the visit sheet say "personal data erased on DATE" in
place of the name (the agreement in both languages, the sheet in its own), with no empty ID
number or stray separator, and nothing of the name, ID number, address or phone; the case's
story says a visit's incidents without the empty brackets of their erased descriptions.

The erasure's core (apply_erasure) is used directly on a demo case that has an agreement and a
visit with incidents: such cases are past their retention only years later, and what an erasure
leaves of them is the same."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.agreements.document import printable_document
from app.erasure import apply_erasure
from app.models import (
    Agreement,
    Borrower,
    Case,
    Loan,
    Phone,
    User,
    Visit,
    VisitAgent,
    VisitIncident,
)
from app.models.base import utcnow
from app.office import office_zone
from app.queries.case_page import case_detail
from app.queries.visits import day_sheet
from reports.agreement import render_agreement
from reports.visit_sheet import render_visit_sheet

ERASED = {"en": "Personal data erased on {date}", "zh_CN": "个人信息已于 {date} 删除"}


def _pdf_text(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == name))


@pytest.fixture
def erased(demo_db):  # type: ignore[no-untyped-def]
    """(case id, agreement no, visit id, what the borrower was: name, ID, phones, address, day)."""
    with demo_db.session() as s:
        incident_visits = select(VisitIncident.visit_id)
        case_id, visit_id = s.execute(
            select(Visit.case_id, Visit.id)
            .where(Visit.id.in_(incident_visits), Visit.scheduled_start.is_not(None))
            .where(Visit.case_id.in_(select(Agreement.case_id)))
            .order_by(Visit.id)
            .limit(1)
        ).one()
        borrower = s.scalar(select(Borrower).join(Loan).join(Case).where(Case.id == case_id))
        was = {
            "name": borrower.name,
            "id": borrower.national_id,
            "phones": [p.number for p in borrower.phones],
            "address": s.get(Visit, visit_id).address,
        }
        assert was["name"] and was["id"] and was["phones"] and was["address"]
        agreement_no = s.scalar(select(Agreement.agreement_no).where(Agreement.case_id == case_id))
        apply_erasure(s, borrower, utcnow(), _user(s, "admin").id)
        assert s.scalar(select(func.count()).where(Phone.borrower_id == borrower.id)) == 0
    with demo_db.sessions() as s:
        was["day"] = utcnow().astimezone(office_zone(s)).date().isoformat()
    return case_id, agreement_no, visit_id, was


def _leaks(text: str, was: dict) -> list[str]:  # type: ignore[type-arg]
    said = [was["name"], was["id"], was["id"][-4:], *was["phones"], was["address"]]
    return [w for w in said if w and "".join(w.split()) in text]


def test_the_agreement_says_the_data_were_erased_in_both_languages(demo_db, erased) -> None:
    _case, agreement_no, _visit, was = erased
    with demo_db.sessions() as s:
        doc = printable_document(s, _user(s, "supervisor"), agreement_no)
    buf = io.BytesIO()
    render_agreement(doc, buf)
    text = _pdf_text(buf.getvalue())
    for lang in ("en", "zh_CN"):  # by the name and again at the signature
        assert text.count("".join(ERASED[lang].format(date=was["day"]).split())) == 2, lang
    assert _leaks(text, was) == []


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_visit_sheet_says_the_data_were_erased(demo_db, erased, lang: str) -> None:
    _case, _agreement, visit_id, was = erased
    with demo_db.sessions() as s:
        visit = s.get(Visit, visit_id)
        agent = s.get(
            User, s.scalar(select(VisitAgent.agent_id).where(VisitAgent.visit_id == visit_id))
        )
        day = visit.scheduled_start.astimezone(office_zone(s)).date()
        sheet = day_sheet(s, _user(s, "supervisor"), agent.username, day)
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    text = _pdf_text(buf.getvalue())
    said = "".join(ERASED[lang].format(date=was["day"]).split())
    assert text.count(said) == 2  # in the visit's heading and on its Borrower line
    assert said + "·" not in text.replace(said + "·V", "")  # no empty ID number after it
    assert _leaks(text, was) == []


def test_the_story_says_incidents_without_empty_brackets(demo_db, erased) -> None:
    case_id, _agreement, _visit, _was = erased
    with demo_db.sessions() as s:
        case_no = s.get(Case, case_id).case_no
        detail = case_detail(s, _user(s, "supervisor"), case_no)
        assert detail.borrower.title("en") == ERASED["en"].format(date=erased[3]["day"])
    visits = [i.detail for i in detail.timeline if i.kind == "visit" and "incident" in i.detail]
    assert visits and all("()" not in d for d in visits), visits

"""A cancelled agreement's copy says when it was cancelled and, when a newer agreement replaced it
at that one's signing, which: "CANCELLED — no longer in force" alone left the reader asking
since when, and what holds now."""

from __future__ import annotations

import datetime as dt
import io

from app.agreements import approve, cancel, draft_plan, sign
from app.agreements.document import gather_document
from app.reporting.period import office_today
from reports.agreement import render_agreement
from tests.core.test_agreements import _case, _today, _user
from tests.core.test_agreements import office as office  # three overdue loans, agent01's
from tests.reports.pdfcheck import pages_text, read


def _text(doc) -> str:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    render_agreement(doc, out)
    return "\n".join(pages_text(read(out.getvalue())))


def test_a_superseded_agreement_names_its_day_and_what_replaced_it(office) -> None:
    with office.session() as s:
        sup, agent = _user(s, "supervisor"), _user(s, "agent01")
        case_no = _case(s, "L2").case_no
        day = _today() + dt.timedelta(days=10)
        first = draft_plan(s, agent, case_no, count=3, start=day).agreement_no
        approve(s, agent, first)
        sign(s, agent, first, _today())
        second = draft_plan(s, sup, case_no, count=6, start=day).agreement_no
        approve(s, sup, second)
        sign(s, agent, second, _today())  # it replaces the first at its signing
        today = office_today(s)
        doc = gather_document(s, sup, first)
        assert (doc.cancelled_on, doc.superseded_by) == (today, second)
        running = gather_document(s, sup, second)
        assert (running.cancelled_on, running.superseded_by) == (None, None)
    text = _text(doc)
    assert f"{today:%Y-%m-%d} 已取消。已由协议 {second} 取代。" in text.replace("\n", "")
    assert (
        f"CANCELLED — no longer in force. Cancelled on {today:%Y-%m-%d}. Replaced by agreement "
        f"{second}." in " ".join(text.split())
    )


def test_one_cancelled_by_hand_names_its_day_only(office) -> None:
    with office.session() as s:
        sup, agent = _user(s, "supervisor"), _user(s, "agent01")
        number = draft_plan(
            s, agent, _case(s, "L1").case_no, count=2, start=_today() + dt.timedelta(days=5)
        ).agreement_no
        approve(s, agent, number)
        sign(s, agent, number, _today())
        cancel(s, sup, number, "borrower asked for new terms")
        doc = gather_document(s, sup, number)
        assert (doc.cancelled_on, doc.superseded_by) == (office_today(s), None)
    text = " ".join(_text(doc).split())
    assert f"Cancelled on {doc.cancelled_on:%Y-%m-%d}." in text and "Replaced by" not in text
    assert "borrower asked" not in text  # the reason stays inside the office


def test_a_superseded_copy_of_signed_terms_says_when_they_were_signed(office) -> None:
    """QA14 #5: the replaced agreement reprinted with blank date lines and no "双方已于 … 签署",
    as if never signed; a draft cancelled unsigned still prints its date lines blank."""
    with office.session() as s:
        sup, agent = _user(s, "supervisor"), _user(s, "agent01")
        case_no = _case(s, "L3").case_no
        day = _today() + dt.timedelta(days=10)
        first = draft_plan(s, agent, case_no, count=3, start=day).agreement_no
        approve(s, agent, first)
        signed_on = _today()
        sign(s, agent, first, signed_on)
        second = draft_plan(s, sup, case_no, count=6, start=day).agreement_no
        approve(s, sup, second)
        sign(s, agent, second, signed_on)
        replaced = gather_document(s, sup, first)
        third = draft_plan(s, sup, case_no, count=2, start=day).agreement_no
        cancel(s, sup, third, "drafted by mistake, never signed")
        unsigned = gather_document(s, sup, third)
    text = _text(replaced)
    flat = " ".join(text.split())
    assert f"双方已于 {signed_on:%Y-%m-%d} 签署" in text.replace("\n", "")
    assert f"Signed by both parties on {signed_on:%Y-%m-%d}." in flat
    assert flat.count(f"Date {signed_on:%Y-%m-%d}") == 2  # both parties' date lines
    assert f"Replaced by agreement {second}." in flat  # still the cancelled copy
    never = " ".join(_text(unsigned).split())
    assert "Signed by both parties" not in never and "Date ______________" in never

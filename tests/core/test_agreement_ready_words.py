"""An agreement its drafter made ready for signing, with no supervisor's approval, reads "Ready
for signing" (定稿待签) wherever its status and history are told — the list and its detail, the
case's story, the printed PDF, the refusal of a signed copy — while one a supervisor approved
keeps "Approved". QA: after "Ready for signing" the status read "Approved" (已批准) and the
history "approved on … by" the drafter; a draft needing no approval was told to "have it
approved". Told from what is stored: who drafted, who approved, the approver's role."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import settings
from app.agreements import agreement_detail, approve, draft_plan, draft_settlement, write_agreement
from app.agreements.document import NotSignedYet, printable_document
from app.agreements.readiness import status_words
from app.i18n import current_language, set_language
from app.queries.case_page import case_detail
from tests.core.test_agreements import DEBT, _case, _user, office
from tests.office_day import office_today

__all__ = ["office"]  # the office fixture, shared


def _story(s, user, case_no: str, lang: str) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(item.title for item in case_detail(s, user, case_no, lang).timeline)


def test_ready_for_signing_reads_so_and_a_supervisors_approval_reads_approved(  # type: ignore[no-untyped-def]
    office, tmp_path: Path
) -> None:
    threshold = settings.DEFAULTS["agreement.waiver_approval_threshold"]
    day = office_today() + dt.timedelta(days=5)
    with office.session() as s:
        agent, boss = _user(s, "agent01"), _user(s, "supervisor")
        own = draft_plan(s, agent, _case(s, "L1").case_no, count=3, start=day)
        big = draft_settlement(s, agent, _case(s, "L2").case_no, DEBT - threshold - 1)
        checked = draft_plan(s, agent, _case(s, "L3").case_no, count=3, start=day)
        # Before: the agent's own draft offers "Ready for signing"; a supervisor looking at the
        # agent's draft approves it, as the checker of a maker-checker pair.
        assert agreement_detail(s, agent, own.agreement_no).makes_ready
        assert not agreement_detail(s, boss, checked.agreement_no).makes_ready
        assert not agreement_detail(s, agent, big.agreement_no).makes_ready
        # A draft needing no approval is not told to have it approved.
        with pytest.raises(NotSignedYet) as draft_refused:
            printable_document(s, agent, own.agreement_no, as_signed=True)
        said = draft_refused.value.translated("en")
        assert "make it ready for signing and record the signing first" in said, said
        assert "approved" not in said
        approve(s, agent, own.agreement_no)
        approve(s, boss, big.agreement_no)
        approve(s, boss, checked.agreement_no)
        numbers = own.agreement_no, big.agreement_no, checked.agreement_no
        cases = [_case(s, loan).case_no for loan in ("L1", "L2", "L3")]

    with office.session() as s:
        agent = _user(s, "agent01")
        own_d, big_d, checked_d = (agreement_detail(s, agent, n) for n in numbers)
        assert own_d.row.status == big_d.row.status == "approved"  # the stored step is one
        assert own_d.row.ready and not big_d.row.ready and not checked_d.row.ready
        assert own_d.as_json()["ready_for_signing"] is True
        assert big_d.as_json()["ready_for_signing"] is False
        for lang, ready, approved in (("en", "ready for signing", "approved"),
                                      ("zh_CN", "定稿待签", "已批准")):  # fmt: skip
            assert status_words(own_d.row.status, own_d.row.ready, lang) == ready
            assert status_words(big_d.row.status, big_d.row.ready, lang) == approved
            story = _story(s, agent, cases[0], lang)
            assert f"{numbers[0]}" in story and ready in story and approved not in story, story
            assert approved in _story(s, agent, cases[1], lang)
            assert approved in _story(s, agent, cases[2], lang)

    # The printed copy for signing says what happened, in both languages.
    text = {}
    for number in numbers[:2]:
        with office.session() as s:  # the print is audited and committed
            write_agreement(s, _user(s, "agent01"), number, tmp_path / f"{number}.pdf")
        pages = PdfReader(tmp_path / f"{number}.pdf").pages
        text[number] = "".join(p.extract_text() for p in pages)
    assert "Status: 定稿待签 ready for signing" in text[numbers[0]]
    assert "已批准" not in text[numbers[0]] and "approved" not in text[numbers[0]].lower()
    assert "Status: 已批准 approved" in text[numbers[1]] and "定稿待签" not in text[numbers[1]]
    before = current_language()
    for lang, words in (("en", "is ready for signing;"), ("zh_CN", "为定稿待签状态")):
        set_language(lang)  # the window's language, as the refusal is raised in it
        try:
            with office.session() as s, pytest.raises(NotSignedYet) as refused:
                printable_document(s, _user(s, "agent01"), numbers[0], as_signed=True)
        finally:
            set_language(before)
        said = refused.value.translated(lang)
        assert words in said and "approved" not in said and "批准" not in said, said

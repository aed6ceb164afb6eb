"""QA s44 #7: a draft from a visit's outcome made in English (the CLI's default) read "Job loss" and
"Proposed at the visit: …" in a Chinese window for good. The visit keeps the reason as a code and
the proposal as typed: the Agreements page, `agreement show` and the edit dialog give them in the
reader's language; words written over by hand are shown as written."""

from __future__ import annotations

import datetime as dt

import pytest

from app.agreements import agreement_detail, draft_plan, edit_draft, editable_draft
from app.agreements.from_visit import visit_statement
from app.i18n import current_language, set_language
from tests.core.test_agreement_from_visit import _completed
from tests.core.test_agreement_from_visit import office as office  # noqa: F401
from tests.core.test_visits import _run
from tests.core.visit_office import case_nos, login


@pytest.fixture
def chinese():
    before = current_language()
    set_language("zh_CN")
    yield
    set_language(before)


def test_an_english_draft_from_a_visit_reads_chinese_in_chinese(office, chinese) -> None:  # noqa: F811
    case_no = case_nos(office)[0]
    visit_no = _completed(
        office, case_no, default_reason="job_loss", capacity_note="月收入约 4000 元",
        proposal="分 6 期偿还",
    )  # fmt: skip
    english = _run(office, "agent01", visit_statement, visit_no, "en")
    assert english.reason == "Job loss"
    number = _run(
        office, "agent01", draft_plan, case_no, count=3,
        start=dt.date.today() + dt.timedelta(days=7), stated_reason=english.reason,
        stated_capacity=english.capacity, visit_no=visit_no,
    ).agreement_no  # fmt: skip
    with office.session() as s:
        agent = login(office, "agent01")
        agent = s.merge(agent)
        detail = agreement_detail(s, agent, number)
        assert detail.stated_reason == "失业"
        assert detail.stated_capacity == "月收入约 4000 元\n上门时提出的方案：分 6 期偿还"
        assert editable_draft(s, agent, number).stated_reason == "失业"
        set_language("en")
        detail = agreement_detail(s, agent, number)
        assert detail.stated_reason == "Job loss"
        assert detail.stated_capacity.endswith("\nProposed at the visit: 分 6 期偿还")
        # Written over by hand: shown as written, in every language.
        edit_draft(s, agent, number, stated_reason="Job loss, then illness")
        set_language("zh_CN")
        assert agreement_detail(s, agent, number).stated_reason == "Job loss, then illness"

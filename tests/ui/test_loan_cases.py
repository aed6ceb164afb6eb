"""The Loans page leads to the loan's cases: its pane lists them, latest first, each a link that
opens the case page, where a supervisor sends the loan to legal, writes it off or reinstates it
(a written-off loan's closed case was found nowhere else in the window); Chinese words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import Case, Loan, LoanStatus
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _links(text: str) -> list[tuple[int, str]]:
    return [(int(i), no) for i, no in re.findall(r'<a href="case:(\d+)">([^<]+)</a>', text)]


def test_a_written_off_loan_opens_its_case_to_reinstate_it(qtbot, database, screenshot_dir):
    window = window_for(qtbot, database)
    page = window.loans
    window.show_page(page)
    page.status_combo.setCurrentIndex(page.status_combo.findData("written_off"))
    page.table.selectRow(0)
    QApplication.processEvents()
    shown = page.detail.detail
    assert shown is not None and shown.status == "written_off"
    with database.sessions() as s:
        loan = s.scalar(select(Loan).where(Loan.loan_no == shown.loan_no))
        assert loan.status is LoanStatus.WRITTEN_OFF
        cases = s.scalars(select(Case).where(Case.loan_id == loan.id).order_by(Case.id.desc()))
        expected = [(c.id, c.case_no) for c in cases]
    assert expected  # a written-off loan had a case
    label = page.detail.cases
    assert label.isVisible() and label.text().startswith("Cases: ")
    assert _links(label.text()) == expected  # the latest first
    assert "(Closed — Written off)" in label.text()
    grab(window, screenshot_dir / "loans_page_cases.png")

    label.linkActivated.emit(f"case:{expected[0][0]}")
    assert window.stack.currentWidget() is window.cases
    assert window.cases.detail is not None and window.cases.detail.case_no == expected[0][1]
    assert window.cases.closure_button.isEnabled()  # … where it is reinstated


def test_the_case_page_links_the_loans_other_cases(qtbot, database) -> None:
    """A reinstated loan's old case leads to the new one, and back."""
    from app.auth import authenticate
    from app.loans.closure import decide

    with database.sessions() as s:
        case_no = s.scalar(
            select(Case.case_no)
            .join(Loan, Loan.id == Case.loan_id)
            .where(Loan.status == LoanStatus.WRITTEN_OFF)
            .order_by(Case.id)
        )
    supervisor = authenticate(database.sessions, "supervisor", "demo")
    with database.session() as s:
        done = decide(s, s.merge(supervisor), case_no, "reinstate", "核销审批未通过")
    assert done.case_no != case_no
    window = window_for(qtbot, database)
    page = window.cases
    assert page.show_case(case_no)
    links = _links(page.loan.cases.text())
    assert [no for _id, no in links] == [done.case_no, case_no]
    page.loan.cases.linkActivated.emit(f"case:{links[0][0]}")
    assert page.detail.case_no == done.case_no and page.detail.status != "closed"


def test_the_cases_line_in_chinese(qtbot, database) -> None:
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        page = window.loans
        window.show_page(page)
        page.status_combo.setCurrentIndex(page.status_combo.findData("written_off"))
        page.table.selectRow(0)
        text = page.detail.cases.text()
        assert text.startswith("案件：<a ") and "（已结案 — 已核销）" in text
        assert page.detail.cases.toolTip() == "点击案件编号打开该案件；主管在案件页处置该贷款。"
    finally:
        set_language("en")

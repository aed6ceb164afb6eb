"""Found by QA at 1366×768 in Chinese: the Agreements page's summary above the plan scrolled, its
last line (上门时提出的方案, what the borrower proposed at the visit) cut off under the plan. The
summary now stands beside the plan, each the pane's whole height, and the window remembers where
the supervisor put the divider."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.agreements import draft_plan
from app.agreements.from_visit import recent_since, visit_statement
from app.cases.delinquency import loan_position
from app.i18n import set_language
from app.models import Agreement, Case, User, Visit, VisitStatus
from tests.office_day import office_today
from tests.ui.shots import settle
from tests.ui.test_queue import grab, open_office, window_for
from ui.table_state import settings

pytestmark = pytest.mark.gui
WAIVER = 500_000  # 5,000.00: above the office's threshold, so the summary says so too


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def draft_from_a_visit(database) -> int:
    """The supervisor drafts, with a waiver, from a completed visit's outcome with a proposal."""
    today = office_today()
    with database.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        drafted = select(Agreement.case_id)
        visits = s.execute(
            select(Visit.visit_no, Case.loan_id)
            .join(Case, Case.id == Visit.case_id)
            .where(
                Visit.status == VisitStatus.COMPLETED,
                Visit.proposal != "",
                Visit.checked_out_at >= recent_since(s, today),  # what may still be drafted from
                Case.closed_on.is_(None),
                Visit.case_id.not_in(drafted),
            )
            .order_by(Visit.id)
        )
        owing = ((no, loan_position(s, loan, today).outstanding) for no, loan in visits.all())
        visit_no, owed = next(((no, o) for no, o in owing if o > 2 * WAIVER), (None, 0))
        if visit_no is None:
            pytest.skip("the office has no completed visit with a proposal to draft from")
        said = visit_statement(s, supervisor, visit_no, "zh_CN")
        agreement = draft_plan(
            s,
            supervisor,
            said.case_no,
            count=6,
            amount=owed - WAIVER,
            start=today + dt.timedelta(days=10),
            stated_reason=said.reason,
            stated_capacity=said.capacity,
            visit_no=said.visit_no,
            today=today,
        )
        return agreement.id


def test_the_summary_shows_its_last_line_beside_the_plan_at_1366x768(
    qtbot, database, screenshot_dir
) -> None:
    agreement_id = draft_from_a_visit(database)
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database, "supervisor")  # 1366×768
        page = window.agreements
        window.show_page(page)
        assert page.select(agreement_id)
        QApplication.processEvents()
        grab(window, screenshot_dir / "agreements_detail_zh_1366.png")
        lines = page.summary.text().splitlines()
        assert lines[-1].startswith("上门时提出的方案：")
        assert "须由主管审批" in page.summary.text()  # the waiver's line is there too
        # Every line of the summary lies inside its viewport: nothing to scroll to.
        area = page.summary_area
        assert page.summary.heightForWidth(area.viewport().width()) <= area.viewport().height()
        assert area.verticalScrollBar().maximum() == 0
        # …and the plan keeps its rows in view: all six, not a sliver.
        plan = page.plan
        assert plan.rowCount() == 6
        last = plan.visualRect(plan.model().index(5, 0))
        assert last.isValid() and last.bottom() <= plan.viewport().height()
        # The divider between summary and plan is remembered with the window.
        page.detail_splitter.setSizes([500, 680])
        moved = page.detail_splitter.sizes()
        window.save_state()
        again = window_for(qtbot, database, "supervisor")
        again.show_page(again.agreements)
        settle(again)  # its icons in, as the first window's were when the divider moved
        assert again.agreements.detail_splitter.sizes() == moved
    finally:
        set_language("en")
        for key in ("agreements_splitter", "agreements_detail_splitter"):
            settings().remove(f"main_window/{key}")  # the next test's window starts afresh

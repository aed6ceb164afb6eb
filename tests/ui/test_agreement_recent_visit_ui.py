"""The case page's Draft agreement… starts from the outcome of a recent visit of the case and
from nothing when its latest visit is older than RECENT_VISIT_DAYS (found by QA: a visit a year
old filled in the borrower's reason and what they can pay)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from app.agreements.from_visit import RECENT_VISIT_DAYS
from app.models import Visit
from tests.core.visit_office import SHANGHAI, case_nos, login
from tests.office_day import office_today
from tests.ui import test_visits_page
from tests.ui.test_lifecycle_qa19 import _completed, _in_dialog
from tests.ui.test_visits_page import grab
from ui.dialogs.agreement import AgreementDialog

pytestmark = pytest.mark.gui

database = test_visits_page.database  # the visit office (every case agent01's), a fresh copy


def _checked_out_days_ago(database, visit_no: str, days: int) -> None:
    day = office_today() - dt.timedelta(days=days)
    with database.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        visit.checked_out_at = dt.datetime.combine(day, dt.time(11, 0), SHANGHAI)


def _what_the_draft_starts_from(qtbot, database, shot) -> tuple[object, str, str]:
    from ui.pages.case_page import CasePage
    from ui.signals import ChangeHub

    page = CasePage(database, ChangeHub(), login(database, "agent01"))
    qtbot.addWidget(page)
    page.show()
    assert page.show_case(case_nos(database)[0])
    seen: list[tuple[object, str, str]] = []
    failed: list[BaseException] = []

    def look_and_close(dialog: QDialog) -> None:
        assert isinstance(dialog, AgreementDialog)
        visit = dialog.visit.visit_no if dialog.visit is not None else None
        seen.append((visit, dialog.reason.toPlainText(), dialog.capacity.toPlainText()))
        grab(dialog, shot)
        dialog.reject()

    _in_dialog(look_and_close, failed)
    assert page.draft_agreement() is None
    assert not failed, failed
    return seen[0]


def test_an_old_visit_leaves_the_draft_empty_and_a_recent_one_fills_it(
    qtbot, database, screenshot_dir
) -> None:
    visit_no = _completed(database)
    _checked_out_days_ago(database, visit_no, RECENT_VISIT_DAYS + 10)
    old = _what_the_draft_starts_from(qtbot, database, screenshot_dir / "roles-draft-old-visit.png")
    assert old == (None, "", "")
    _checked_out_days_ago(database, visit_no, RECENT_VISIT_DAYS - 10)
    recent = _what_the_draft_starts_from(
        qtbot, database, screenshot_dir / "roles-draft-recent-visit.png"
    )
    assert recent == (visit_no, "Job loss", "月收入约 4000 元\nProposed at the visit: 分 6 期偿还")


def test_the_visits_page_does_not_draft_from_an_old_visit(qtbot, database, screenshot_dir) -> None:
    """The Visits page's Draft agreement… is off for a visit older than the window, the reason in
    its tool tip (found by QA: it copied a year-old statement into new terms)."""
    from tests.ui.test_visits_page import visits_page

    visit_no = _completed(database)
    with database.session() as s:
        start = s.scalar(select(Visit.scheduled_start).where(Visit.visit_no == visit_no))
    page = visits_page(qtbot, database, "agent01")
    page.show_week(start.astimezone(SHANGHAI).date())

    def draft_button_for(days: int) -> tuple[bool, str]:
        _checked_out_days_ago(database, visit_no, days)
        page.reload()
        page.select(visit_no)
        return page.agreement_button.isEnabled(), page.agreement_button.toolTip()

    on, why = draft_button_for(RECENT_VISIT_DAYS + 10)
    assert not on and why.startswith(f"Visit {visit_no} was on ")
    assert f"more than {RECENT_VISIT_DAYS} days ago" in why
    grab(page, screenshot_dir / "visits-draft-old-visit.png")
    on, why = draft_button_for(RECENT_VISIT_DAYS - 10)
    assert on and "days ago" not in why

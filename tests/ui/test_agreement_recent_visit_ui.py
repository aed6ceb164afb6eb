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

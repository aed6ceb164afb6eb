"""With a queue date set in the past, the window counts the calendar's today where the figure is
about today: the Complaints page's days left (a regulatory deadline) and the dashboard's tile
that opens it, the dashboard's heading saying which figures count which day, and the Post
payment dialog's date (a payment taken now is dated today, not the queue date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import settings
from app.complaints import record_complaint
from app.i18n import set_language
from app.i18n import tr as _
from app.models import Case, CaseStatus, Complaint, ComplaintStatus, Loan
from app.office import office_today
from tests.ui.test_dashboard import _click_tile, _figures, window_for
from tests.ui.test_queue import grab, login, open_office
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
PAST_DAYS = 5


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    """The demo office with a complaint due today, the queue date 5 days before today."""
    for db in open_office(request, tmp_path):
        with db.session() as s:
            sup, today = login(db), office_today(s)
            case_no = s.scalar(
                select(Case.case_no).where(Case.status != CaseStatus.CLOSED).order_by(Case.id)
            )
            record_complaint(
                s,
                s.merge(sup),
                case_no=case_no,
                agent_username=None,
                received_on=today - dt.timedelta(days=15),
                source="borrower",
                channel="phone",
                category="harassment",
                description="电话太多",
                today=today,
            )
            day = today - dt.timedelta(days=PAST_DAYS)
            settings.put(s, s.merge(sup), "queue.as_of", day.isoformat())
        yield db


def past_queue_date_heading(d: Any) -> str:
    """The dashboard's heading, in the current language, for figures `d` as of a past queue date:
    which day counts what."""
    return _(
        "Queue date {date}; training, promises due, visits and complaint deadlines as of "
        "today, {today}",
        date=d.as_of.isoformat(),
        today=d.training_as_of.isoformat(),
    )


def _days_left(database) -> dict[str, int]:
    """Open complaints' days left to their deadline, counted from the office's today."""
    with database.sessions() as s:
        today = office_today(s)
        return {
            no: (deadline - today).days
            for no, deadline in s.execute(
                select(Complaint.complaint_no, Complaint.deadline_on).where(
                    Complaint.status.in_((ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING))
                )
            )
        }


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_complaints_days_left_and_the_tile_count_today(
    qtbot, database, lang, screenshot_dir
) -> None:
    from ui.pages.complaints import DAYS_COLUMN, days_text

    expected = _days_left(database)
    near = {no for no, days in expected.items() if days <= 3}
    assert 0 in expected.values()  # the complaint due today
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.dashboard
        d = _figures(database)
        assert d.as_of == d.training_as_of - dt.timedelta(days=PAST_DAYS)
        grab(window, screenshot_dir / f"queuedate_dashboard_{lang}.png")
        assert page.tiles["complaints"].value.text() == f"{len(near):,}"
        _click_tile(qtbot, page, "complaints")
        complaints = window.complaints
        assert window.stack.currentWidget() is complaints
        table = complaints.table
        shown = {
            cell_text(table, n, 0): cell_text(table, n, DAYS_COLUMN)
            for n in range(table.rowCount())
        }
        assert shown == {no: days_text(expected[no]) for no in near}
        grab(window, screenshot_dir / f"queuedate_complaints_{lang}.png")
        assert page.heading.text() == past_queue_date_heading(d)
    finally:
        set_language("en")


def test_a_payment_is_dated_today_not_the_queue_date(qtbot, database) -> None:
    from ui.date_widgets import day_of
    from ui.dialogs.payment import PaymentDialog

    with database.sessions() as s:
        loan_no = s.scalar(
            select(Loan.loan_no)
            .join(Case, Case.loan_id == Loan.id)
            .where(Case.status != CaseStatus.CLOSED)
            .order_by(Loan.id)
        )
        today = office_today(s)
    dialog = PaymentDialog(database, login(database), loan_no)
    qtbot.addWidget(dialog)
    assert day_of(dialog.date) == today

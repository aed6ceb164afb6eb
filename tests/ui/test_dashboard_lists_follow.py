"""The dashboard's lists, left open, follow what is done elsewhere in the window (found by QA on
a supervisor's month-end: the agreement approved on the Agreements page stayed on the open
approvals list as "1 waiting", and opening it selected nothing)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import settings
from app.i18n import set_language
from app.models import Agreement, User, Visit, VisitStatus
from tests.office_day import SHANGHAI
from tests.ui.test_queue import database, window_for  # noqa: F401 (the fixture)
from tests.ui.test_trust import when_modal
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


def _visits_wait(db) -> None:  # type: ignore[no-untyped-def]
    """The office turns visit approval on: its booked visits, approved by no one, wait."""
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "visit.approval_required", 1)
    with db.session() as s:
        for visit in s.scalars(select(Visit).where(Visit.status == VisitStatus.BOOKED)):
            visit.approved_by_id = None


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_open_approvals_list_drops_what_was_approved(qtbot, database, lang) -> None:  # noqa: F811
    _visits_wait(database)
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        window.sidebar.setCurrentRow(0)
        listed = window.open_list("approvals")
        numbers = [row[1] for row in listed.rows]
        # The agreements (the demo's: one or two, as its history falls on the day), then visits.
        agreements = [n for n in numbers if n.startswith("AG-")]
        assert numbers[: len(agreements)] == agreements and len(numbers) > len(agreements) + 1
        page = window.agreements
        window.show_page(page)
        page.set_status("draft")
        for done, number in enumerate(agreements, start=1):
            with database.sessions() as s:
                page.select(s.scalar(select(Agreement.id).where(Agreement.agreement_no == number)))
            assert page.approve_selected()
            assert listed.isVisible()
            assert [row[1] for row in listed.rows] == numbers[done:]
            assert listed.table.rowCount() == len(numbers) - done
            assert cell_text(listed.table, 0, 1) == numbers[done]
        # What a row opens is what it shows now: the first row is the first visit.
        visit_numbers = numbers[len(agreements) :]
        listed.open_row(0)
        assert window.visits.selected is not None
        assert window.visits.selected.visit_no == visit_numbers[0]
        # Everything approved on the Visits page: the list says nothing waits, not "0 waiting;
        # double-click one".
        listed = window.open_list("approvals")
        visits = window.visits
        for number in visit_numbers:
            with database.sessions() as s:
                visit = s.scalar(select(Visit).where(Visit.visit_no == number))
                start = visit.scheduled_start.replace(tzinfo=dt.UTC)
            visits.show_week(start.astimezone(SHANGHAI).date())  # the office's day
            visits.select(number)
            assert visits.approve_selected(), number
        assert listed.table.rowCount() == 0
        empty = "Nothing waits for approval now." if lang == "en" else "目前没有待批事项。"
        assert listed.count.text() == empty
    finally:
        set_language("en")


def test_the_open_payments_list_shows_a_payment_posted_since(qtbot, database) -> None:  # noqa: F811
    from ui.dialogs.dashboard_list import rows_hint
    from ui.dialogs.payment import PaymentDialog

    window = window_for(qtbot, database)
    window.sidebar.setCurrentRow(0)
    listed = window.open_list("recovery")
    before = listed.table.rowCount()
    case_no = window.queue.model.all_rows()[0].case_no
    window.cases.show_case(case_no)

    def pay(dialog: PaymentDialog) -> None:
        dialog.amount.setText("123.45")
        assert dialog.try_post()
        dialog.accept()

    when_modal(PaymentDialog, pay)
    assert window.cases.post_payment() is not None
    assert listed.isVisible() and listed.table.rowCount() == before + 1
    assert "123.45" in [row[4] for row in listed.rows]
    assert case_no in [row[1] for row in listed.rows]
    # "1 row; …" when none was listed before it (a month's 1st: nothing recovered yet)
    assert listed.count.text() == rows_hint(before + 1)

"""QA of the home visits in the window: a visit requested or verified but not yet booked is on the
Visits page's list and can be cancelled there (it was on no page, so a case could not be sent to
legal past it), and Book visit… on a case whose visit is already booked says so before the form
opens (the agent filled in step 1 first, then read the refusal)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from app.errors import ValidationError
from app.i18n import set_language
from app.models import Visit, VisitStatus
from app.visits import request_visit
from tests.core.visit_office import book, case_nos, login, verified_visit
from tests.ui import test_visits_page
from tests.ui.test_trust import when_modal
from tests.ui.test_visits_page import grab

pytestmark = pytest.mark.gui

database = test_visits_page.database  # the visit office, a fresh copy per test


def _status(database, visit_no: str) -> VisitStatus:
    with database.sessions() as s:
        return VisitStatus(s.scalar(select(Visit.status).where(Visit.visit_no == visit_no)))


def _requested(database, case_no: str) -> str:
    with database.session() as s:
        from app.models import User

        actor = s.get(User, login(database, "agent01").id)
        return request_visit(s, actor, case_no).visit_no


def _page(qtbot, database, username: str):
    from ui.pages.visits import VisitsPage
    from ui.signals import ChangeHub

    page = VisitsPage(database, ChangeHub(), login(database, username))
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentIndex(1)
    return page


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_unbooked_visits_are_listed_and_can_be_cancelled(qtbot, database, screenshot_dir, lang):
    requested = _requested(database, case_nos(database)[0])
    verified = verified_visit(database, case_nos(database)[1])
    set_language(lang)
    try:
        page = _page(qtbot, database, "agent01")
        listed = [row.visit_no for row in page.rows]
        assert requested in listed and verified in listed
        # No day of their own: the empty week still says it is empty.
        assert page.week_has_visits is False
        for number in (requested, verified):
            page.select(number)
            assert page.cancel_button.isEnabled()
            assert not page.checkin_button.isEnabled()
        grab(page, screenshot_dir / f"visit_qa_unbooked_{lang}.png")
        assert page.cancel_selected("The borrower paid in full.")
        assert _status(database, verified) is VisitStatus.CANCELLED
        assert verified not in [row.visit_no for row in page.rows]
        page.select(requested)
        assert page.cancel_selected("Asked by mistake.")
        assert _status(database, requested) is VisitStatus.CANCELLED
        assert page.rows == []
    finally:
        set_language("en")


def test_the_dialog_refuses_a_case_whose_visit_is_booked_before_it_opens(qtbot, database):
    from ui.dialogs.visit import VisitDialog

    case_no = case_nos(database)[0]
    visit_no = verified_visit(database, case_no)
    assert book(database, visit_no).saved
    with pytest.raises(ValidationError, match=f"already has visit {visit_no} under way"):
        VisitDialog(database, login(database, "agent01"), case_no)
    # A visit requested, not yet verified, carries on at step 1 as before.
    other = case_nos(database)[1]
    number = _requested(database, other)
    dialog = VisitDialog(database, login(database, "agent01"), other)
    qtbot.addWidget(dialog)
    assert dialog.visit_no == number and dialog.stack.currentIndex() == 0


def test_book_visit_on_the_case_page_says_why_at_once(qtbot, database, screenshot_dir):
    from ui.main_window import MainWindow

    case_no = case_nos(database)[0]
    visit_no = verified_visit(database, case_no)
    assert book(database, visit_no).saved
    window = MainWindow(database, login(database, "agent01"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.show_page(window.cases)
    assert window.cases.show_case(case_no)
    opened: list[QDialog] = []
    stop = when_modal(QDialog, lambda d: (opened.append(d), d.reject()))  # if it (wrongly) opens
    try:
        assert window.cases.book_visit() is None
    finally:
        stop()  # never left to act on a later test's dialog
    assert opened == []
    message = window.cases.message
    assert message.isVisible()
    assert f"already has visit {visit_no} under way" in message.text()
    grab(window, screenshot_dir / "visit_qa_case_page_booked.png")

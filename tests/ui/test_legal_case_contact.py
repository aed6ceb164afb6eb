"""The window on a case sent to legal (QA s45 #3): Log contact… shows the warning legal_case in
its verdict panel, in English and Chinese; Request visit… on the case page is refused at once,
naming why, and no dialog opens. The contact is judged at 10:00 the day before: no hour matters.
The demo's case in legal tells in its timeline who sent it to legal, when and why (QA s45 #4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from app.models import Borrower, Case, CaseStatus, Loan, Visit
from tests.ui.test_contact_dialog import dialog_for, findings_text, pick, yesterday_at
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_trust import when_modal
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
WORDS = {
    "en": ("Loan with legal", "The loan is with legal; contact the borrower only as legal asks."),
    "zh_CN": ("贷款已转法务", "该贷款已转法务；仅在法务要求时联系借款人。"),
}
REFUSED = {
    "en": "is with legal: no visit can be requested or booked on case",
    "zh_CN": "已转法务：案件",
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def legal_case(database) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A demo case sent to legal, and its borrower's time zone."""
    with database.sessions() as s:
        row = s.execute(
            select(Case.case_no, Borrower.timezone)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .where(Case.status == CaseStatus.LEGAL)
            .order_by(Case.case_no)
        ).first()
    assert row is not None
    return row[0], row[1]


def sent_before(database, case_no: str, when: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    """The case's loan went to legal no later than `when` (the demo sends its loans to legal on
    a day up to the day before it is built for, which may be after yesterday's 10:00): a contact
    is judged by whether the loan was with legal at its time."""
    with database.session() as s:
        loan = s.scalar(
            select(Loan).join(Case, Case.loan_id == Loan.id).where(Case.case_no == case_no)
        )
        legal_at = when.astimezone(dt.UTC)
        if loan.legal_at is None or loan.legal_at > legal_at:
            loan.legal_at = legal_at


def test_a_contact_on_a_legal_case_shows_the_warning(qtbot, database, lang, screenshot_dir):
    case_no, zone = legal_case(database)
    sent_before(database, case_no, yesterday_at(zone, 9))
    window = window_for(qtbot, database, "supervisor")
    assert window.cases.show_case(case_no)
    assert window.cases.contact_button.isEnabled()  # kept: legal may ask for a contact
    dialog = dialog_for(qtbot, window, case_no)
    dialog.set_time(yesterday_at(zone, 10))
    pick(dialog.outcome, "no_answer")
    qtbot.waitUntil(lambda: not dialog.timer.isActive(), timeout=3000)
    name, words = WORDS[lang]
    assert name in findings_text(dialog) and words in findings_text(dialog)
    assert "legal_case" not in findings_text(dialog)
    grab(dialog, screenshot_dir / f"contact_dialog_legal_{lang}.png")


def test_request_visit_on_a_legal_case_is_refused_on_the_page(
    qtbot, database, lang, screenshot_dir
):  # type: ignore[no-untyped-def]
    case_no, _zone = legal_case(database)
    with database.sessions() as s:
        visits = len(s.scalars(select(Visit.id)).all())
    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.cases)
    assert window.cases.show_case(case_no)
    opened: list[QDialog] = []
    stop = when_modal(QDialog, lambda d: (opened.append(d), d.reject()))  # if it (wrongly) opens
    try:
        assert window.cases.book_visit() is None
    finally:
        stop()
    assert opened == []
    message = window.cases.message
    assert message.isVisible() and REFUSED[lang] in message.text()
    with database.sessions() as s:
        assert len(s.scalars(select(Visit.id)).all()) == visits
    grab(window, screenshot_dir / f"case_page_legal_visit_{lang}.png")


def test_the_demo_case_in_legal_tells_who_sent_it_and_why(qtbot, database, lang, screenshot_dir):
    from app.demo.legal_trail import LEGAL_REASONS

    case_no, _zone = legal_case(database)
    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.cases)
    page = window.cases
    assert page.show_case(case_no)
    titles = [cell_text(page.timeline, r, 2) for r in range(page.timeline.rowCount())]
    decided = {"en": "Loan sent to legal", "zh_CN": "贷款转法务"}[lang]
    assert decided in titles
    said = cell_text(page.timeline, titles.index(decided), 3)
    assert any(reason in said for reason in LEGAL_REASONS), said
    grab(window, screenshot_dir / f"case_page_legal_story_{lang}.png")

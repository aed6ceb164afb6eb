"""Erase personal data… in the list of closed cases past their records retention (demo office, real
widgets): an admin selects a row, is told how many borrowers, that it cannot be undone and how
long the backups still hold the data, types their password again (a wrong one is refused and
nothing is erased); the list is read again and says the borrower was erased, whose page then says
"Personal data erased on DATE"; a supervisor has no such button. Screenshots in English and
Chinese."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.erasure import erasure_refusal
from app.i18n import set_language
from app.models import Borrower, BorrowerErasure, Case, Loan
from app.retention import past_retention, retention_rule
from tests.office_day import office_today
from tests.ui.test_rules_page import database, grab, window_for
from ui.table_fill import cell_text

__all__ = ["database"]


def _erasable_row(database) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """The list's row of the first case whose borrower may be erased, and that borrower."""
    with database.sessions() as s:
        rule = retention_rule(s)
        for row, past in enumerate(past_retention(s).cases):
            borrower = s.scalar(
                select(Borrower).join(Loan).join(Case).where(Case.id == past.case_id)
            )
            if erasure_refusal(s, borrower, rule, office_today()) is None:
                return row, borrower.borrower_no
    raise AssertionError("the demo office has no borrower past their retention")


def _erase_from_the_list(qtbot, window, database, shots: Path, suffix: str):  # type: ignore[no-untyped-def]
    row, number = _erasable_row(database)
    line = window.rules.retention
    line.linkActivated.emit("show")
    listing = line.list_dialog
    qtbot.addWidget(listing)  # closed after the test, as the window is
    button = listing.erase_button
    assert button.isVisible() and not button.isEnabled()
    listing.table.selectRow(row)
    assert button.isEnabled()
    assert cell_text(listing.table, row, 4) == number and cell_text(listing.table, row, 5) == ""
    grab(listing, shots / f"erase_list{suffix}.png")
    button.click()
    confirm = line.erase_dialog
    assert confirm is not None and confirm.isVisible() and confirm.numbers == [number]
    qtbot.addWidget(confirm)
    grab(confirm, shots / f"erase_confirm{suffix}.png")
    confirm.password.setText("wrong")
    worker = confirm.erase()
    qtbot.waitUntil(lambda: confirm.worker is None, timeout=20000)
    assert worker is not None and confirm.run is None and confirm.error.isVisible()
    with database.sessions() as s:
        assert s.scalar(select(BorrowerErasure)) is None
    confirm.password.setText("demo")
    confirm.erase()
    qtbot.waitUntil(lambda: confirm.run is not None and not confirm.isVisible(), timeout=20000)
    assert [e.borrower_no for e in confirm.run.erased] == [number] and not confirm.run.refused
    # The list is read again: the same cases (their records stay), the borrower erased.
    qtbot.waitUntil(lambda: line.list_dialog is not listing)
    again = line.list_dialog
    qtbot.addWidget(again)
    day = office_today().isoformat()
    assert cell_text(again.table, row, 4) == number
    return again, number, day


def test_an_admin_erases_a_borrower_from_the_list(qtbot, database, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    shots = Path(screenshot_dir)
    window = window_for(qtbot, database)
    row, _number = _erasable_row(database)
    line = window.rules.retention
    line.linkActivated.emit("show")
    assert line.list_dialog.count.text().endswith("The case records stay.")
    line.list_dialog.table.selectRow(row)
    line.list_dialog.erase_button.click()
    said = line.erase_dialog.said.text()
    assert "Erase the personal data of 1 borrower?" in said
    assert "This cannot be undone." in said
    assert "7 daily, 4 weekly and 12 monthly backups" in said and "about 12 months" in said
    line.erase_dialog.reject()
    again, number, day = _erase_from_the_list(qtbot, window, database, shots, "")
    assert cell_text(again.table, row, 5) == f"Erased on {day}"
    grab(again, shots / "erase_list_after.png")
    # The borrower's page says so instead of a name, with nothing to reveal or add.
    window.show_page(window.borrowers)
    window.borrowers.set_search(number)
    pane = window.borrowers.detail
    assert pane.title.text() == f"Personal data erased on {day}"
    assert not pane.flags_button.isVisible() and not pane.phone_button.isVisible()
    assert not any(b.isVisible() for b in pane.reveal_buttons.values())
    assert pane.phones.rowCount() == 0 and pane.addresses.rowCount() == 0
    grab(window, shots / "erase_borrower_page.png")
    # Its case page offers no stop flag, decision on the loan or complaint, saying why (the core
    # refuses them: tests/core/test_erased_no_complaint.py).
    window.show_page(window.cases)
    assert window.cases.show_case(cell_text(again.table, row, 0))
    said = f"The borrower's personal data were erased on {day}: nothing new can be recorded"
    cases = window.cases
    for button in (cases.flags_button, cases.closure_button, cases.complaint_button):
        assert not button.isEnabled() and button.toolTip().startswith(said), button.text()


def test_a_supervisor_lists_the_cases_without_the_button(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, database, "supervisor")
    line = window.rules.retention
    line.linkActivated.emit("show")
    listing = line.list_dialog
    qtbot.addWidget(listing)
    assert not hasattr(listing, "erase_button")
    assert listing.count.text().endswith("Casedesk deletes none of them.")
    assert line.erase_selected([cell_text(listing.table, 0, 0)]) is not None  # the dialog opens…
    confirm = line.erase_dialog
    qtbot.addWidget(confirm)
    confirm.password.setText("demo")
    confirm.erase()
    qtbot.waitUntil(lambda: confirm.worker is None, timeout=20000)
    assert confirm.run is None  # … but the core refuses a supervisor
    assert "may not erase a borrower's personal data" in confirm.error.text()


def test_the_list_the_confirmation_and_the_page_in_chinese(qtbot, database, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        again, number, day = _erase_from_the_list(
            qtbot, window, database, Path(screenshot_dir), "_zh_CN"
        )
        texts = [cell_text(again.table, r, 5) for r in range(again.table.rowCount())]
        assert f"已于 {day} 删除" in texts
        window.show_page(window.borrowers)
        window.borrowers.set_search(number)
        assert window.borrowers.detail.title.text() == f"个人信息已于 {day} 删除"
        grab(window, Path(screenshot_dir) / "erase_borrower_page_zh_CN.png")
    finally:
        set_language("en")

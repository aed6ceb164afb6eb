"""The list of closed cases past their records retention says which borrowers another loan still
keeps ("Kept: loan … is Active"), and Erase personal data… tells why such a one cannot be erased
before the confirmation, which then asks only for the others (found by QA: it asked to erase 2
borrowers, then erased 1)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.retention_erasable import active_loans, erasure_refusals
from tests.retention_kept import NEW_LOAN, keep_one
from tests.ui.test_rules_page import database, grab, window_for
from tests.ui.test_trust import when_modal
from ui.table_fill import cell_text

__all__ = ["database"]


def test_the_list_marks_the_kept_borrower_and_erase_asks_only_for_the_others(
    qtbot, database, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        case_no, kept, erasable = keep_one(s)
    with database.sessions() as s:
        refused = erasure_refusals(s, [kept, erasable])
        assert list(refused) == [kept]
        assert f"loan {NEW_LOAN} is still Active; that waits until" in refused[kept].translated()
    window = window_for(qtbot, database)
    line = window.rules.retention
    line.linkActivated.emit("show")
    listing = line.list_dialog
    qtbot.addWidget(listing)
    table = listing.table
    rows = {cell_text(table, r, 0): r for r in range(table.rowCount())}
    assert cell_text(table, rows[case_no], 5) == f"Kept: loan {NEW_LOAN} is Active"
    other = next(r for r in range(table.rowCount()) if cell_text(table, r, 4) == erasable)
    assert cell_text(table, other, 5) == ""
    grab(listing, Path(screenshot_dir) / "retention_kept_by_loan.png")
    said: list[str] = []

    def read(box: QMessageBox) -> None:
        said.append(box.informativeText())
        box.grab().save(str(Path(screenshot_dir) / "retention_kept_refused.png"))
        box.accept()

    when_modal(QMessageBox, read)
    confirm = line.erase_selected([case_no, listing.rows[other][0]])
    assert said and f"loan {NEW_LOAN} is still Active" in said[0] and erasable not in said[0]
    assert confirm is not None and confirm.numbers == [erasable]
    qtbot.addWidget(confirm)
    assert "Erase the personal data of 1 borrower?" in confirm.said.text()
    confirm.reject()
    # Only the kept one selected: told why, and nothing to confirm.
    said.clear()
    when_modal(QMessageBox, read)
    assert line.erase_selected([case_no]) is None and said


def test_the_core_marks_by_case(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        case_no, _kept, _erasable = keep_one(s)
    with database.sessions() as s:
        from sqlalchemy import select

        from app.models import Case

        case_id = s.scalar(select(Case.id).where(Case.case_no == case_no))
        marks = active_loans(s, [case_id])
    assert marks[case_id][0] == NEW_LOAN and marks[case_id][1].value == "active"

"""Changing a saved draft in the window: the Agreements page's Edit draft… opens the draft dialog
filled in with the draft (its kind fixed), a new amount keeps the plan's typed dates, the save
goes through the core against the version it opened at, and only drafts can be edited — with
screenshots in English and Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.agreements import PlanRow, draft_plan, edit_draft
from app.i18n import set_language
from app.models import AgreementStatus, User
from tests.ui.test_agreements import _today, free_cases, stored
from tests.ui.test_agreements import database as database  # the demo office, queue rebuilt
from tests.ui.test_queue import grab, window_for
from ui.mnemonic_text import plain
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


def _draft(database, case_no: str, dates: list[dt.date]) -> tuple[str, int]:
    """A plan of 1,000.00 a row on the given dates, drafted by agent01; its number and id."""
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        rows = [PlanRow(day, 100_000) for day in dates]
        agreement = draft_plan(s, agent, case_no, rows=rows, stated_reason="生意周转困难")
        return agreement.agreement_no, agreement.id


def _edit(page, change) -> dict[str, object]:
    """Click Edit draft… and run `change(dialog)` in the real modal dialog."""
    from ui.dialogs.agreement_edit import AgreementEditDialog

    seen: dict[str, object] = {}

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AgreementEditDialog)
        seen["dialog"] = dialog.windowTitle()
        change(dialog, seen)

    QTimer.singleShot(0, run)
    seen["saved"] = page.edit_selected()
    return seen


def test_an_agent_changes_a_saved_draft_from_the_agreements_page(
    qtbot, database, screenshot_dir
) -> None:
    case_no = free_cases(database)[0]
    first = _today() + dt.timedelta(days=3)
    dates = [first, first + dt.timedelta(days=20), first + dt.timedelta(days=75)]
    number, agreement_id = _draft(database, case_no, dates)
    window = window_for(qtbot, database, "agent01")
    page = window.agreements
    window.show_page(page)
    assert page.select(agreement_id)
    assert page.edit_button.isEnabled()

    def change(dialog, seen) -> None:
        assert not dialog.kind.isEnabled()  # a draft keeps its kind
        assert dialog.amount.text() == "3,000.00" and dialog.plan.rowCount() == 3
        assert dialog.reason.toPlainText() == "生意周转困难"
        dialog.amount.setText("2,500.01")  # split over the draft's own dates
        seen["dates"] = [cell_text(dialog.plan, n, 0) for n in range(3)]
        seen["amounts"] = [cell_text(dialog.plan, n, 1) for n in range(3)]
        dialog.capacity.setPlainText("每月可还 800 元")
        grab(dialog, screenshot_dir / "agreement_edit_dialog.png")
        assert plain(dialog.save_button.text()) == "Save changes"
        assert dialog.try_save()

    seen = _edit(page, change)
    assert seen["saved"] is True
    assert seen["dialog"] == f"Edit draft {number} ({_borrower(database, number)})"
    assert seen["dates"] == [f"{d:%Y-%m-%d}" for d in dates]
    assert seen["amounts"] == ["833.33", "833.33", "833.35"]
    saved = stored(database, number)
    assert [(i.due_on, i.amount) for i in saved.instalments] == list(
        zip(dates, [83_333, 83_333, 83_335], strict=True)
    )
    assert (saved.settled_amount, saved.waiver_amount) == (250_001, saved.debt_amount - 250_001)
    assert saved.stated_capacity == "每月可还 800 元" and saved.status is AgreementStatus.DRAFT
    assert page.message.text() == f"Saved the changes to draft {number}."
    assert page.detail is not None and page.detail.row.settled == 250_001  # shown refreshed
    grab(window, screenshot_dir / "agreements_page_edited_draft.png")


def test_a_change_made_meanwhile_is_refused_and_nothing_is_saved(qtbot, database) -> None:
    case_no = free_cases(database)[0]
    number, agreement_id = _draft(database, case_no, [_today() + dt.timedelta(days=3)])
    window = window_for(qtbot, database, "agent01")
    page = window.agreements
    window.show_page(page)
    assert page.select(agreement_id)

    def change(dialog, seen) -> None:
        with database.session() as s:  # a colleague saves the same draft first
            sup = s.scalar(select(User).where(User.username == "supervisor"))
            edit_draft(s, sup, number, stated_capacity="主管已修改")
        dialog.amount.setText("500.00")
        assert not dialog.try_save()
        seen["error"] = dialog.error.text()
        dialog.reject()

    seen = _edit(page, change)
    assert seen["saved"] is False
    assert f"Agreement {number} was changed by supervisor" in str(seen["error"])
    saved = stored(database, number)
    assert saved.settled_amount == 100_000 and saved.stated_capacity == "主管已修改"


def test_only_a_draft_can_be_edited_and_the_dialog_speaks_chinese(
    qtbot, database, screenshot_dir
) -> None:
    from app.agreements import approve

    case_no = free_cases(database)[0]
    number, agreement_id = _draft(database, case_no, [_today() + dt.timedelta(days=3)])
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database, "agent01")
        page = window.agreements
        window.show_page(page)
        assert page.select(agreement_id)
        assert plain(page.edit_button.text()) == "修改草稿…"

        def look(dialog, seen) -> None:
            seen["save"] = plain(dialog.save_button.text())
            seen["kind"] = dialog.kind.toolTip()
            grab(dialog, screenshot_dir / "agreement_edit_dialog_zh_CN.png")
            dialog.reject()

        seen = _edit(page, look)
        assert seen["saved"] is False
        assert seen["dialog"] == f"修改协议草稿 {number}（{_borrower(database, number)}）"
        assert (seen["save"], seen["kind"]) == (
            "保存修改",
            "草稿的类型不能更改；请取消该草稿并重新起草。",
        )
        with database.session() as s:
            approve(s, s.scalar(select(User).where(User.username == "supervisor")), number)
        window.hub.announce("agreement")
        assert page.select(agreement_id) and not page.edit_button.isEnabled()
        assert page.edit_selected() is False  # the core refuses it too, in the window's words
        assert page.message.text() == f"协议 {number} 为已批准状态，只有草稿可以修改。"
    finally:
        set_language("en")


def _borrower(database, number: str) -> str:
    from app.agreements import agreement_detail

    with database.sessions() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        return agreement_detail(s, sup, number).row.borrower

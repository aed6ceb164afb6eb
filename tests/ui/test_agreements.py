"""AgreementDialog and the Agreements page on the demo office: an agent drafts a plan from the
case page (generated rows, an edit that breaks the total shown inline, saved), a settlement
with a big waiver that only a supervisor may approve, then sign and print/preview — with
screenshots in English and Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import Agreement, AgreementStatus, Case, CaseStatus, User
from tests.office_day import office_today
from tests.ui.cells import type_text
from tests.ui.test_queue import grab, open_office, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


def _today() -> dt.date:
    """The office's today (Shanghai), as the core dates agreements: read when used, not at
    import (a run that crossed midnight signed on the day before the approval)."""
    return office_today()


BUSY = (
    AgreementStatus.DRAFT,
    AgreementStatus.APPROVED,
    AgreementStatus.SIGNED,
    AgreementStatus.ACTIVE,
)


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def free_cases(database, agent: str = "agent01", count: int = 2) -> list[str]:
    with database.sessions() as s:
        uid = s.scalar(select(User.id).where(User.username == agent))
        taken = select(Agreement.case_id).where(Agreement.status.in_(BUSY))
        return list(
            s.scalars(
                select(Case.case_no)
                .where(
                    Case.status != CaseStatus.CLOSED,
                    Case.assigned_agent_id == uid,
                    Case.id.not_in(taken),
                )
                .order_by(Case.id)
                .limit(count)
            )
        )


def dialog_for(qtbot, window, case_no: str):
    from ui.dialogs.agreement import AgreementDialog

    dialog = AgreementDialog(window.database, window.user, case_no, window.cases, window.hub)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def stored(database, number: str) -> Agreement:
    with database.sessions() as s:
        agreement = s.scalar(select(Agreement).where(Agreement.agreement_no == number))
        assert agreement is not None
        agreement.instalments  # noqa: B018 - load the plan before the session closes
        s.expunge(agreement)
        return agreement


def test_agent_drafts_a_plan_from_the_case_page(qtbot, database, screenshot_dir) -> None:
    case_no = free_cases(database)[0]
    window = window_for(qtbot, database, "agent01")
    page = window.cases
    assert page.show_case(case_no)
    assert not page.agreement_button.isHidden() and page.agreement_button.isEnabled()
    dialog = dialog_for(qtbot, window, case_no)
    t = dialog.terms
    assert dialog.plan.rowCount() == 6  # generated at once from the default count
    assert dialog.save_button.isEnabled() and "matches the agreed amount" in dialog.total.text()
    dialog.count.setValue(4)
    dialog.generate()
    assert dialog.plan.rowCount() == 4
    amounts = [cell_text(dialog.plan, n, 1) for n in range(4)]
    # One fen too many on the last row: the live check says so and saving is off.
    cents = int(cell_text(dialog.plan, 3, 1).replace(",", "").replace(".", "")) + 1
    type_text(dialog.plan, 3, 1, f"{cents // 100}.{cents % 100:02d}")
    assert not dialog.save_button.isEnabled()
    assert "0.01 more than the agreed" in dialog.total.text()
    grab(dialog, screenshot_dir / "agreement_dialog_bad_total.png")
    # The row is named: in a long plan the bad cell is out of view.
    type_text(dialog.plan, 3, 1, "abc")
    assert not dialog.save_button.isEnabled()
    assert "Instalment 4: Not an amount: abc" in dialog.total.text()
    type_text(dialog.plan, 3, 1, amounts[3])
    assert dialog.save_button.isEnabled()
    dialog.reason.setPlainText("生意周转困难，下月有回款")
    dialog.capacity.setPlainText("每月可还 3000 元")
    grab(dialog, screenshot_dir / "agreement_dialog_plan.png")
    assert dialog.try_save() is True
    number = dialog.agreement_no
    assert number and number.startswith(f"AG-{_today().year}-")
    saved = stored(database, number)
    assert saved.status is AgreementStatus.DRAFT and saved.debt_amount == t.debt
    assert sum(i.amount for i in saved.instalments) == saved.settled_amount == t.debt
    assert saved.stated_reason == "生意周转困难，下月有回款"
    # The case page followed the announcement: its timeline lists the draft.
    assert any(number in item.title for item in page.detail.timeline)
    # A second draft on the same case: the button is off, its tool tip says why, and a draft
    # asked for all the same is refused before the dialog opens.
    assert not page.agreement_button.isEnabled()
    assert (
        f"already has draft agreement {number}; edit it or cancel it"
        in page.agreement_button.toolTip()
    )
    assert page.draft_agreement() is None
    assert "already has draft agreement" in page.message.text()


def test_big_waiver_approved_by_supervisor_then_signed_and_printed(
    qtbot, database, screenshot_dir
) -> None:
    from ui.dialogs.pdf_preview import PdfPreviewDialog

    case_no = free_cases(database)[0]
    agent_window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, agent_window, case_no)
    dialog.kind.setCurrentIndex(dialog.kind.findData("settlement"))
    assert dialog.plan.isHidden() and not dialog.due.isHidden()
    half = dialog.terms.debt // 2
    dialog.amount.setText(f"{half // 100}.{half % 100:02d}")
    assert "a supervisor must approve it" in dialog.waiver.text()
    dialog.amount.setText("1.234")
    assert not dialog.save_button.isEnabled() and "two decimal places" in dialog.total.text()
    assert dialog.waiver.text() == ""  # no waiver for an amount that is not one
    over = dialog.terms.debt + 1
    dialog.amount.setText(f"{over // 100}.{over % 100:02d}")
    assert not dialog.save_button.isEnabled() and "more than the debt" in dialog.total.text()
    assert dialog.waiver.text() == ""
    dialog.amount.setText(f"{half // 100}.{half % 100:02d}")
    grab(dialog, screenshot_dir / "agreement_dialog_settlement.png")
    assert dialog.try_save() is True
    number = dialog.agreement_no

    page = agent_window.agreements
    agent_window.show_page(page)
    page.set_status("draft")
    assert page.select(stored(database, number).id)
    # The waiver is above the office's threshold: the button says whose it is, and the core,
    # asked anyway, refuses.
    assert not page.approve_button.isEnabled()
    assert page.approve_button.toolTip().startswith("A waiver of ")
    assert page.approve_button.toolTip().endswith("a supervisor must approve it.")
    assert page.approve_selected() is False
    assert "supervisor must approve" in page.message.text()
    assert stored(database, number).status is AgreementStatus.DRAFT

    window = window_for(qtbot, database, "supervisor")
    # The supervisor's own waiver needs another supervisor: the button is off, and says so.
    own = dialog_for(qtbot, window, free_cases(database)[1])
    own.kind.setCurrentIndex(own.kind.findData("settlement"))
    mine = own.terms.debt // 2
    own.amount.setText(f"{mine // 100}.{mine % 100:02d}")
    assert own.try_save() is True
    page = window.agreements
    window.show_page(page)
    page.set_status("draft")
    assert page.select(stored(database, own.agreement_no).id)
    assert not page.approve_button.isEnabled()
    assert page.approve_button.toolTip().startswith(f"You drafted agreement {own.agreement_no}")
    page.set_status(None)
    assert page.select(stored(database, number).id)
    assert page.approve_button.isEnabled() and not page.approve_button.toolTip()
    assert page.approve_selected() is True
    assert page.detail.row.status == "approved" and page.sign_button.isEnabled()
    assert page.sign_selected(_today()) is True
    assert stored(database, number).status is AgreementStatus.ACTIVE
    assert "active" in page.message.text()
    grab(window, screenshot_dir / "agreements_page.png")

    path = page.preview_selected(show=False)
    assert path is not None and path.exists()
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert number in text and f"Signed by both parties on {_today()}" in text
    preview = PdfPreviewDialog(path, number, window)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    assert preview.page_count() >= 1
    qtbot.wait(1000)  # QPdfView renders its pages asynchronously
    grab(preview, screenshot_dir / "agreement_preview.png")

    page.set_status("active")
    assert page.model.rowCount() >= 1
    assert page.cancel_button.isEnabled()  # a supervisor may cancel signed terms
    assert page.cancel_selected("") is False and "needs a reason" in page.message.text()


def test_dialog_and_page_in_chinese(qtbot, database, screenshot_dir) -> None:
    set_language("zh_CN")
    try:
        case_no = free_cases(database)[0]
        window = window_for(qtbot, database, "supervisor")
        dialog = dialog_for(qtbot, window, case_no)
        assert dialog.windowTitle().startswith("为案件")
        assert "与约定金额一致" in dialog.total.text()
        grab(dialog, screenshot_dir / "agreement_dialog_zh_CN.png")
        window.show_page(window.agreements)
        grab(window, screenshot_dir / "agreements_page_zh_CN.png")
    finally:
        set_language("en")


def test_the_list_and_the_detail_say_when_an_agreement_ended(qtbot, database) -> None:
    """A completed agreement of the demo office shows the day it ended, as the core works it
    out (checked against the rows in tests/core/test_reporting.py and
    tests/core/test_agreements.py); a cancelled one, the day of the cancellation; a breached
    one, the day after its short instalment — in English and Chinese."""
    from dataclasses import replace

    from app.agreements import list_agreements
    from app.reporting.period import office_today
    from ui.pages.agreements import COLUMNS

    window = window_for(qtbot, database, "supervisor")
    page = window.agreements
    window.show_page(page)
    column = [c.header for c in COLUMNS].index("Ended on")

    def shown(agreement_id: int) -> str:
        return page.model.data(page.model.index(page.model.row_of(agreement_id), column))

    with database.sessions() as s:
        rows = list_agreements(s, s.scalar(select(User).where(User.username == "supervisor")))
        today = office_today(s)
    completed = next(r for r in rows if r.status == "completed")
    assert completed.ended_on is not None and completed.ended_on <= today
    assert page.select(completed.id)
    assert shown(completed.id) == completed.ended_on.isoformat()
    lines = page.summary.text().splitlines()
    assert f"Completed on {completed.ended_on}: the agreed amount is paid." in lines
    running = next(r for r in rows if r.status == "active")
    assert page.select(running.id)
    assert shown(running.id) == "" and running.ended_on is None
    # The summary and the plan say kind and status as the list does: "Settlement", "Active".
    kind = "Settlement" if running.kind == "settlement" else "Instalment plan"
    assert f" · {kind} · Active · " in page.summary.text().splitlines()[0]
    assert {cell_text(page.plan, n, 4) for n in range(page.plan.rowCount())} <= {
        "Pending",
        "Kept",
        "Partly paid",
        "Missed",
        "Paid",
    }
    endings = ("Completed on", "Breached on", "Cancelled on")
    assert not any(line.startswith(endings) for line in page.summary.text().splitlines())
    assert page.cancel_selected("借款人已委托律师") is True
    assert page.select(running.id)
    name = window.user.display_name  # who cancelled it: the supervisor (found by QA)
    assert f"Cancelled on {today} by {name}." in page.summary.text().splitlines()
    assert shown(running.id) == today.isoformat()
    detail = page.detail
    breached = replace(detail, row=replace(detail.row, status="breached", ended_on=today))
    page.show_detail(breached)
    lines = page.summary.text().splitlines()
    assert f"Breached on {today}: an instalment fell due and was not paid in full." in lines
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database, "supervisor")
        page = window.agreements
        window.show_page(page)
        assert page.model.headerData(column, Qt.Orientation.Horizontal) == "结束日期"
        assert page.select(completed.id)
        assert f"{completed.ended_on} 履行完毕：约定金额已全部还清。" in page.summary.text()
        page.show_detail(breached)
        assert f"{today} 违约：有一期到期未足额还款。" in page.summary.text()
        assert page.select(running.id)
        assert f"{today} 已由 {name} 取消。" in page.summary.text()
    finally:
        set_language("en")


def test_a_payment_since_the_drafting_is_told_on_approve(qtbot, database, screenshot_dir) -> None:
    """The page's Approve refuses, in the window's language, a draft whose debt the loan no
    longer owes; nothing changes."""
    from app.agreements import draft_settlement
    from app.cases.payments import record_payment
    from app.models import Loan

    case_no = free_cases(database)[0]
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        loan_no = s.get(Loan, case.loan_id).loan_no
        debt = draft_settlement(s, agent, case_no, 10_000).debt_amount
        number = s.scalar(select(Agreement.agreement_no).order_by(Agreement.id.desc()).limit(1))
        record_payment(s, agent, loan_no, 5_000, _today(), today=_today())
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database, "supervisor")
        page = window.agreements
        window.show_page(page)
        page.set_status("draft")
        assert page.select(stored(database, number).id)
        assert not page.approve_button.isEnabled()  # the button says why before a click …
        assert f"贷款 {loan_no} 现欠" in page.approve_button.toolTip()
        assert page.approve_selected() is False  # … and the core refuses it anyway
        text = page.message.text()
        assert f"贷款 {loan_no} 现欠" in text and f"草稿 {number} 起草时的" in text
        assert "请先修改该草稿" in text  # edited, not cancelled and drafted again
        assert f"{(debt - 5_000) / 100:,.2f}" in text and f"{debt / 100:,.2f}" in text
        assert stored(database, number).status is AgreementStatus.DRAFT
        grab(window, screenshot_dir / "agreements_page_stale_debt_zh_CN.png")
    finally:
        set_language("en")


def test_a_long_stated_reason_scrolls_and_the_plan_stays_in_view(
    qtbot, database, screenshot_dir
) -> None:
    """Found by QA: a 2,000-character reason pushed the stated capacity out of reach and
    squeezed the plan to two rows at 1024x640. (The summary now stands beside the plan: see
    tests/ui/test_agreements_detail_fits.py.)"""
    from app.agreements import draft_plan

    reason = ("借款人因生意周转困难暂时无法按期还款，称下月有回款。" * 80)[:2000]
    case_no = free_cases(database)[0]
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        start = _today() + dt.timedelta(days=10)
        number = draft_plan(
            s, agent, case_no, count=12, start=start, stated_reason=reason, stated_capacity=reason
        ).agreement_no
    window = window_for(qtbot, database, "supervisor")
    window.resize(1024, 640)
    page = window.agreements
    window.show_page(page)
    assert page.select(stored(database, number).id)
    qtbot.wait(50)
    area = page.summary_area
    assert area.height() <= page.plan.height() + 2  # beside the plan, no taller; the rest scrolls
    assert area.verticalScrollBar().maximum() > 0
    assert "Stated capacity" in page.summary.text()  # reachable by scrolling
    header = page.plan.horizontalHeader().height()
    assert page.plan.viewport().height() >= 4 * page.plan.rowHeight(0)
    assert page.plan.height() > header
    grab(window, screenshot_dir / "agreements_page_long_reason_1024.png")

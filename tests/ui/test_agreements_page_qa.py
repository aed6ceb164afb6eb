"""Found by QA walking the Agreements page as a branch supervisor would, on a copy of the demo
office with real widgets: approving under a status filter says the new status (it said "is now
."); a draft changed since the page showed it is not approved unseen; a refused cancellation
reason is asked again with what was typed and the right words; the preview's Save as… speaks the
window's language and drops its error once a save succeeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QInputDialog
from sqlalchemy import select

from app.i18n import set_language
from app.models import AgreementStatus, User
from tests.ui.cells import type_text
from tests.ui.test_agreements import free_cases, stored
from tests.ui.test_agreements_reports_qa import office_today
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_trust import when_modal
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def agent_draft(database, case_no: str | None = None) -> tuple[str, int]:
    """A plan agent01 drafts on one of their cases for the whole debt: (number, id)."""
    from app.agreements import draft_plan

    today = office_today(database)
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        drafted = draft_plan(
            s,
            agent,
            case_no or free_cases(database)[0],
            count=3,
            start=today + dt.timedelta(days=10),
            today=today,
        )
        return drafted.agreement_no, drafted.id


def supervisor_page(qtbot, database, agreement_id: int, status: str | None = None):
    window = window_for(qtbot, database, "supervisor")
    page = window.agreements
    window.show_page(page)
    page.set_status(status)
    assert page.select(agreement_id)
    return window, page


def test_approving_under_a_status_filter_says_the_new_status(
    qtbot, database, screenshot_dir
) -> None:
    """Drafts listed by the filter, one approved: the message read "Agreement AG-… is now ."
    (the page read the status back from the list, which no longer held it)."""
    number, agreement_id = agent_draft(database)
    window, page = supervisor_page(qtbot, database, agreement_id, "draft")
    before = page.model.rowCount()
    assert page.approve_button.isEnabled()
    assert page.approve_selected() is True
    assert stored(database, number).status is AgreementStatus.APPROVED
    said = page.message.text()
    # The agent's plan needs no supervisor, but a supervisor fixing it approves it, as the
    # button says (app/agreements/readiness.py); its drafter would make it ready for signing.
    gone = "the status filter no longer lists it"
    assert said == f"Agreement {number} is now approved; {gone}.", said
    assert page.model.rowCount() == before - 1 and page.detail is None
    grab(window, screenshot_dir / "qa_agreements_filter_approved.png")
    # Listed still (all statuses): the plain sentence, the plan shown.
    page.set_status(None)
    assert page.select(agreement_id)
    assert page.sign_selected(office_today(database)) is True
    assert page.message.text() == f"Agreement {number} is now active."


def test_a_draft_changed_since_it_was_shown_is_not_approved_unseen(qtbot, database) -> None:
    """Another workstation (or `agreement edit`) raised the waiver after the page showed the
    draft: Approve approved the new terms the supervisor never saw. Now it is refused as a stale
    save, nothing is approved, and the page shows the draft as it stands."""
    from app.agreements import edit_draft

    number, agreement_id = agent_draft(database)
    _window, page = supervisor_page(qtbot, database, agreement_id)
    shown = page.detail
    assert shown is not None and shown.row.waiver == 0
    with database.session() as s:  # as another workstation would, without the window's hub
        agent = s.scalar(select(User).where(User.username == "agent01"))
        edit_draft(s, agent, number, amount=shown.row.debt - 50_000, today=office_today(database))
    assert page.detail.row.waiver == 0  # the page still shows the terms as read

    assert page.approve_selected() is False
    assert stored(database, number).status is AgreementStatus.DRAFT
    assert f"Agreement {number} was changed by agent01" in page.message.text()
    assert "reload it and try again" in page.message.text()
    # The page shows the new terms, so what is approved next is what was seen.
    assert page.detail is not None and page.detail.row.waiver == 50_000
    assert "waiver 500.00" in page.summary.text()
    assert page.approve_selected() is True
    assert stored(database, number).status is AgreementStatus.APPROVED


def test_a_refused_cancellation_reason_is_asked_again_as_typed(qtbot, database) -> None:
    """A reason over 2,000 characters was refused as "逾期原因陈述过长" (the borrower's stated
    reason) and the box closed with it; now the box comes back with the reason typed and why it
    was refused, in the window's language, until the user gives one the core keeps."""
    number, agreement_id = agent_draft(database)
    long_reason = "借款人已在他处结清。" * 210
    set_language("zh_CN")
    try:
        _window, page = supervisor_page(qtbot, database, agreement_id)
        asked: list[tuple[str, str]] = []
        answers = iter([long_reason, "  ", "借款人已一次性结清"])

        def answer(dialog) -> None:
            asked.append((dialog.labelText(), dialog.textValue()))
            dialog.setTextValue(next(answers))
            if len(asked) < 3:
                when_modal(QInputDialog, answer)  # the next time it asks
            dialog.accept()

        when_modal(QInputDialog, answer)
        assert page.ask_cancel() is True
    finally:
        set_language("en")
    lead = (
        f"取消协议 {number}？此操作无法撤销："
        "已取消的协议不能再审批、签署或恢复；如仍需协议，须重新起草。"
    )
    question = f"{lead}\n\n为什么取消这份协议？（至少 10 个字符，一个汉字计两个）"
    assert asked[0] == (question, "")
    assert asked[1] == (f"取消原因过长（最多 2,000 个字符）。\n\n{question}", long_reason)
    assert asked[2] == (f"取消协议需要填写原因。\n\n{question}", "  ")
    assert stored(database, number).status is AgreementStatus.CANCELLED
    assert page.detail is not None and page.detail.cancel_reason == "借款人已一次性结清"


def test_the_preview_says_why_a_save_failed_in_the_windows_language(
    qtbot, database, tmp_path
) -> None:
    """Save as… into a folder that is gone said "[Errno 2] No such file or directory: '…'" in
    the Chinese window, and the error stayed after the next save succeeded."""
    from ui.dialogs.pdf_preview import PdfPreviewDialog

    number, agreement_id = agent_draft(database)
    _window, page = supervisor_page(qtbot, database, agreement_id)
    path = page.preview_selected(show=False)
    assert path is not None
    set_language("zh_CN")
    try:
        preview = PdfPreviewDialog(path, number, page)
        qtbot.addWidget(preview)
        preview.show()
        gone = tmp_path / "gone" / f"{number}.pdf"
        assert preview.save_chosen(str(gone)) is False
        said = preview.error.text()
        assert said == f"无法保存 {gone}：文件或文件夹不存在", said
        assert preview.error.isVisible()
        kept = tmp_path / "kept"
        assert preview.save_chosen(str(kept)) is True
        assert (tmp_path / "kept.pdf").read_bytes() == path.read_bytes()
        assert not preview.error.isVisible()
    finally:
        set_language("en")


def test_a_plan_typed_row_by_row_survives_a_look_at_settlement(qtbot, database) -> None:
    """An agent typed the plan's amounts and a date row by row, looked at "Settlement" and came
    back: the rows were generated anew (monthly, equal), the typing lost."""
    from tests.ui.test_agreements import dialog_for

    case_no = free_cases(database)[0]
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, case_no)
    dialog.amount.setText("3,000.00")
    dialog.count.setValue(3)
    last = office_today(database) + dt.timedelta(days=200)
    typed = [
        (cell_text(dialog.plan, 0, 0), "500.00"),
        (cell_text(dialog.plan, 1, 0), "1,500.00"),
        (f"{last:%Y-%m-%d}", "1,000.00"),
    ]
    for n, (day, amount) in enumerate(typed):
        type_text(dialog.plan, n, 0, day)
        type_text(dialog.plan, n, 1, amount)
    assert dialog.save_button.isEnabled()

    def shown() -> list[tuple[str, str]]:
        return [(cell_text(dialog.plan, n, 0), cell_text(dialog.plan, n, 1)) for n in range(3)]

    dialog.kind.setCurrentIndex(dialog.kind.findData("settlement"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("instalment_plan"))
    assert shown() == typed and dialog.save_button.isEnabled()
    # A new agreed amount there is split over the typed dates, as before.
    dialog.kind.setCurrentIndex(dialog.kind.findData("settlement"))
    dialog.amount.setText("2,400.00")
    dialog.kind.setCurrentIndex(dialog.kind.findData("instalment_plan"))
    assert shown() == [(day, "800.00") for day, _ in typed]
    assert dialog.try_save() is True
    saved = stored(database, dialog.agreement_no)
    assert [(f"{i.due_on:%Y-%m-%d}", i.amount) for i in saved.instalments] == [
        (day, 80_000) for day, _ in typed
    ]


def test_record_signing_is_off_and_says_why_after_a_payment(
    qtbot, database, screenshot_dir
) -> None:
    """An approved agreement whose loan was paid since: Record signing was on, and the core
    refused only after the signing dialog was filled in."""
    from app.agreements import approve
    from app.cases.payments import record_payment
    from app.models import Agreement, Case, Loan

    number, agreement_id = agent_draft(database)
    today = office_today(database)
    with database.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        approve(s, sup, number, today=today)
    window, page = supervisor_page(qtbot, database, agreement_id)
    assert page.sign_button.isEnabled() and page.sign_button.toolTip() == ""
    with database.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        loan_no = s.scalar(
            select(Loan.loan_no)
            .join(Case, Case.loan_id == Loan.id)
            .join(Agreement, Agreement.case_id == Case.id)
            .where(Agreement.agreement_no == number)
        )
        record_payment(s, sup, loan_no, 10_000, today, today=today)
    page.refresh()
    assert page.select(agreement_id)
    assert not page.sign_button.isEnabled()
    why = page.sign_button.toolTip()
    assert "not the" in why and f"agreement {number} was drafted on" in why
    assert why in page.summary.text()
    assert page.approve_button.isHidden() or not page.approve_button.isEnabled()
    grab(window, screenshot_dir / "qa_agreements_sign_refused.png")


def test_a_signing_day_the_core_refuses_is_asked_again_with_why(qtbot, database) -> None:
    """A day in the future closed the box and said the refusal on the page, the signing lost;
    now the box asks again with the core's reason above the question and what was typed."""
    number, agreement_id = agent_draft(database)
    window, page = supervisor_page(qtbot, database, agreement_id)
    assert page.approve_selected() is True
    today = office_today(database)
    future = (today + dt.timedelta(days=3)).isoformat()
    answers = iter([future, today.isoformat()])
    asked: list[tuple[str, str]] = []

    def answer(dialog) -> None:
        asked.append((dialog.labelText(), dialog.textValue()))
        dialog.setTextValue(next(answers))
        if len(asked) < 2:
            when_modal(QInputDialog, answer)  # the next time it asks
        dialog.accept()

    when_modal(QInputDialog, answer)
    assert page.ask_sign() is True
    question = "The day both parties signed (YYYY-MM-DD):"
    refused = f"An agreement cannot be signed in the future: {future}."
    assert asked == [(question, today.isoformat()), (f"{refused}\n\n{question}", future)]
    assert stored(database, number).status is AgreementStatus.ACTIVE
    assert stored(database, number).signed_on == today
    assert page.message.text() == f"Agreement {number} is now active."

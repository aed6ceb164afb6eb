"""A complaint recorded from the case page pauses contact at once, and the window says so, in
English and Chinese (QA, session 21): only the Complaints page recorded one, the case page never
said the case was paused, and the contact dialog's block said why but not until when."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Case, CaseStatus, Complaint, User, VerdictKind
from tests.ui.test_contact_dialog import dialog_for, findings_text, pick
from tests.ui.test_queue import grab, open_office, window_for
from ui.dialogs.complaint import ComplaintDialog

pytestmark = pytest.mark.gui
WORDS = {
    "en": (
        "Contact paused: a complaint is open. It resumes once the complaint is closed or a "
        "supervisor lifts its pause.",
        "Contact may resume once the complaint is closed, or when a supervisor lifts its pause "
        "on the Complaints page.",
        "contact on this case is paused until it is closed or a supervisor lifts the pause.",
    ),
    "zh_CN": (
        "联系已暂停：有未结投诉。投诉办结或主管解除暂停后方可恢复联系。",
        "投诉办结，或主管在“投诉”页面解除暂停后，方可恢复联系。",
        "本案件的联系已暂停，直至投诉办结或主管解除暂停。",
    ),
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def agent01_case(database) -> str:
    """An open case of agent01's that no complaint has ever concerned."""
    with database.sessions() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        return s.scalar(
            select(Case.case_no)
            .where(
                Case.assigned_agent_id == agent.id,
                Case.status != CaseStatus.CLOSED,
                Case.id.not_in(select(Complaint.case_id).where(Complaint.case_id.is_not(None))),
            )
            .order_by(Case.id)
        )


def record_in_dialog(page, shot: Path | None) -> str | None:
    """Click Record complaint… and, in the modal dialog it opens, record a borrower's harassment
    complaint; the dialog is cancelled should anything fail (the test then fails, not hangs)."""
    problems: list[BaseException] = []

    def fill() -> None:
        dialogs = [d for d in page.findChildren(ComplaintDialog) if d.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, fill)
            return
        dialog = dialogs[0]
        try:
            assert dialog.case_no.text() == page.detail.case_no
            pick(dialog.agent, "agent01")
            pick(dialog.category, "harassment")
            dialog.description.setPlainText("借款人来电称催收员一天内打了八次电话。")
            if shot is not None:
                grab(dialog, shot)
            assert dialog.try_save(), dialog.error.text()
        except BaseException as error:  # noqa: BLE001 - re-raised below, after the modal loop
            problems.append(error)
            dialog.reject()

    QTimer.singleShot(0, fill)
    page.complaint_button.click()
    if problems:
        raise problems[0]
    return page.message.text()


def test_a_complaint_recorded_on_the_case_page_pauses_contact_and_says_until_when(
    qtbot, database, lang, screenshot_dir
) -> None:
    paused, advice, recorded = WORDS[lang]
    case_no = agent01_case(database)
    window = window_for(qtbot, database)
    page = window.cases
    window.show_page(page)
    assert page.show_case(case_no)
    button = page.complaint_button
    assert not button.isHidden() and button.isEnabled()
    assert paused not in page.case_form.values["Status"].text()
    message = record_in_dialog(page, screenshot_dir / f"case_record_complaint_{lang}.png")
    with database.sessions() as s:
        complaint = s.scalar(select(Complaint).order_by(Complaint.id.desc()).limit(1))
        number = complaint.complaint_no
        assert complaint.case_id == s.scalar(select(Case.id).where(Case.case_no == case_no))
        assert complaint.pauses_contact and complaint.category.value == "harassment"
    assert number in message and recorded in message
    assert paused in page.case_form.values["Status"].text()
    grab(window, screenshot_dir / f"case_paused_{lang}.png")
    dialog = dialog_for(qtbot, window, case_no)
    pick(dialog.outcome, "no_answer")
    assert dialog.refresh_verdict().kind is VerdictKind.BLOCKED
    assert advice in findings_text(dialog)
    grab(dialog, screenshot_dir / f"contact_paused_advice_{lang}.png")


def test_an_agent_records_a_complaint_on_their_own_case_from_the_case_page(qtbot, database):
    case_no = agent01_case(database)
    window = window_for(qtbot, database, "agent01")
    page = window.cases
    assert page.show_case(case_no)
    assert not page.complaint_button.isHidden() and page.complaint_button.isEnabled()
    message = record_in_dialog(page, None)
    with database.sessions() as s:
        complaint = s.scalar(select(Complaint).order_by(Complaint.id.desc()).limit(1))
        assert complaint.case_id == s.scalar(select(Case.id).where(Case.case_no == case_no))
    assert complaint.complaint_no in message

"""The complaint dialog: a received date before the loan was lent is refused with the day
(QA: a typo's 2020 paused a 2026 case), and an agent who has left may be named (QA: a complaint
about a deactivated account could not name them)."""

from __future__ import annotations

import pytest

from app.i18n import set_language
from tests.ui.test_compliance_pages import _case_of, _complaints, login
from tests.ui.test_compliance_pages import database as database  # the demo office's fixture

pytestmark = pytest.mark.gui


def test_a_received_date_before_the_loan_was_lent_is_refused_in_the_dialog(
    qtbot, database, screenshot_dir
) -> None:
    """QA: 2020-01-01 (a typo for 2026) was taken on a case of a loan lent later, and paused it."""
    import datetime as dt

    from PySide6.QtCore import QDate
    from sqlalchemy import select

    from app.models import Case
    from ui.dialogs.complaint import ComplaintDialog

    before = _complaints(database)
    case_no = _case_of(database)
    with database.sessions() as s:
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        loan_no, lent = case.loan.loan_no, case.loan.disbursed_on
    early = lent - dt.timedelta(days=1)
    set_language("zh_CN")
    try:
        dialog = ComplaintDialog(database, login(database), case_no)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.received.setDate(QDate(early.year, early.month, early.day))
        dialog.description.setPlainText("借款人称催收员态度恶劣")
        assert not dialog.try_save() and dialog.saved is None
        assert dialog.error.text() == (
            f"关于案件 {case_no} 的投诉，受理日期不能早于其贷款 {loan_no} 的放款日期"
            f"（{lent.isoformat()}）。"
        )
        qtbot.wait(50)
        dialog.grab().save(str(screenshot_dir / "complaint-before-case-zh_CN.png"))
    finally:
        set_language(None)
    assert _complaints(database) == before


def test_the_dialog_offers_an_agent_who_has_left(qtbot, database, screenshot_dir) -> None:
    """QA: a complaint about an agent whose account was deactivated could not name them."""
    from sqlalchemy import select

    from app.accounts import deactivate_user
    from app.models import Complaint, User
    from ui.dialogs.complaint import ComplaintDialog

    case_no = _case_of(database)
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        deactivate_user(s, admin, "agent01")
        name = s.scalar(select(User.display_name).where(User.username == "agent01"))
    set_language("zh_CN")
    try:
        dialog = ComplaintDialog(database, login(database), case_no)
        qtbot.addWidget(dialog)
        dialog.show()
        at = dialog.agent.findData("agent01")
        assert at > 0 and dialog.agent.itemText(at) == f"{name}（agent01，账户已停用）"
        dialog.agent.setCurrentIndex(at)
        dialog.description.setPlainText("监管转来的投诉：该催收员上月多次深夜来电")
        qtbot.wait(50)
        dialog.grab().save(str(screenshot_dir / "complaint-former-agent-zh_CN.png"))
        assert dialog.try_save(), dialog.error.text()
    finally:
        set_language(None)
    with database.sessions() as s:
        kept = s.scalar(select(Complaint).where(Complaint.complaint_no == dialog.saved))
        assert kept.agent_id == s.scalar(select(User.id).where(User.username == "agent01"))

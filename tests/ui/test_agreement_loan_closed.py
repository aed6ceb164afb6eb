"""A draft of the demo office whose loan is paid off: the Agreements page shows it cancelled with
the reason, Approve and Record signing off, and the case page's story says why (in Chinese too)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.cases.delinquency import loan_position
from app.cases.payments import record_payment
from app.i18n import set_language
from app.models import Agreement, AgreementStatus, AuditEntry, Case, Loan, LoanStatus, User
from tests.office_day import office_today
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _pay_off_a_draft(database) -> tuple[int, str]:
    """A draft on an active loan, its loan paid off by a supervisor; its id and case number."""
    with database.session(write_lock=True) as s:
        draft = s.scalar(
            select(Agreement)
            .join(Case, Case.id == Agreement.case_id)
            .join(Loan, Loan.id == Case.loan_id)
            .where(Agreement.status == AgreementStatus.DRAFT, Loan.status == LoanStatus.ACTIVE)
            .order_by(Agreement.id)
            .limit(1)
        )
        assert draft is not None
        case = s.get(Case, draft.case_id)
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        today = office_today()
        owed = loan_position(s, case.loan_id, today).outstanding
        record_payment(s, boss, case.loan.loan_no, owed, today)
        return draft.id, case.case_no


def test_the_pages_show_the_draft_cancelled_with_its_loan(qtbot, database, screenshot_dir):
    agreement_id, case_no = _pay_off_a_draft(database)
    window = window_for(qtbot, database, "supervisor")
    page = window.agreements
    window.show_page(page)
    page.set_status(None)
    assert page.select(agreement_id)
    lines = page.summary.text().splitlines()
    assert f"Cancelled on {office_today()} by 王慧." in lines  # whose payment paid it off (QA16)
    assert "Cancelled: Loan paid off before signing." in lines
    assert not page.approve_button.isEnabled() and not page.sign_button.isEnabled()
    grab(window, screenshot_dir / "agreement_loan_closed.png")
    cases = window.cases
    assert cases.show_case(case_no)
    window.show_page(cases)
    said = [i.detail for i in cases.detail.timeline if i.kind == "agreement"]
    assert any("Loan paid off before signing." in x for x in said), said
    grab(window, screenshot_dir / "agreement_loan_closed_case.png")
    set_language("zh_CN")
    try:
        zh = window_for(qtbot, database, "supervisor")
        assert zh.cases.show_case(case_no)
        said = [i.detail for i in zh.cases.detail.timeline if i.kind == "agreement"]
        assert any("签署前贷款已还清。" in x for x in said), said
    finally:
        set_language(None)


@pytest.mark.parametrize(
    ("lang", "told"),
    [
        ("en", "Agreements not yet signed cancelled with the loan: {number}."),
        ("zh_CN", "尚未签署的还款协议已随贷款一并取消：{number}。"),
    ],
)
def test_the_case_page_names_the_draft_a_payoff_cancels(
    qtbot, database, screenshot_dir, lang, told
) -> None:
    """Post payment… paying the loan off: the page's message names the draft it cancelled (QA16),
    and the cancellation is audited as the supervisor's."""
    from tests.ui.test_trust import when_modal
    from ui.dialogs.payment import PaymentDialog

    with database.sessions() as s:
        draft = s.scalar(
            select(Agreement)
            .join(Case, Case.id == Agreement.case_id)
            .join(Loan, Loan.id == Case.loan_id)
            .where(Agreement.status == AgreementStatus.DRAFT, Loan.status == LoanStatus.ACTIVE)
            .order_by(Agreement.id)
            .limit(1)
        )
        assert draft is not None
        number, case = draft.agreement_no, s.get(Case, draft.case_id)
        case_no = case.case_no
        owed = loan_position(s, case.loan_id, office_today()).outstanding
    set_language(lang)
    try:
        window = window_for(qtbot, database, "supervisor")
        page = window.cases
        assert page.show_case(case_no)
        window.show_page(page)

        def pay(dialog: PaymentDialog) -> None:
            dialog.amount.setText(f"{owed / 100:.2f}")
            assert dialog.try_post() is True

        when_modal(PaymentDialog, pay)
        assert page.post_payment() is not None
        assert page.message.text().endswith(told.format(number=number)), page.message.text()
        grab(window, screenshot_dir / f"payoff_cancels_draft_{lang}.png")
    finally:
        set_language(None)
    with database.sessions() as s:
        entry = s.scalar(
            select(AuditEntry).where(
                AuditEntry.entity_id == number, AuditEntry.action == "agreement.cancel"
            )
        )
        assert entry is not None and entry.user_id == s.scalar(
            select(User.id).where(User.username == "supervisor")
        )

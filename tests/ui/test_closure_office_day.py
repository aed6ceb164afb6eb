"""A write-off is dated on the office's clock, as payments are: with the office a day ahead of
this computer, a payment taken today (office) and then a write-off today was refused as "before
the loan's last payment", in the core and the CLI, and the dialog's calendar stopped the day
before. The office keeps Kiritimati's time (UTC+14), the computer Pago Pago's (UTC-11)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.agreements.common import IN_FORCE, IN_PROGRESS
from app.cases.payments import record_payment
from app.loans.closure import WRITE_OFF, closure_state, decide
from app.models import Agreement, Case, CaseStatus, Loan, LoanStatus, User, Visit
from app.visits.common import OPEN
from tests.ui.test_payment_office_day import COMPUTER, OFFICE, office_today
from tests.ui.zones import office_apart

pytestmark = pytest.mark.gui


@pytest.fixture
def database(demo_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    yield from office_apart(demo_path, monkeypatch, OFFICE, COMPUTER)


def _paid_today(database) -> tuple[str, str, int]:
    """(case, loan, supervisor's id) of an open case with nothing open on its active loan, which
    has just been paid something, dated the office's today."""
    with database.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        busy = select(Agreement.case_id).where(Agreement.status.in_(IN_PROGRESS + IN_FORCE))
        visiting = select(Visit.case_id).where(Visit.status.in_(OPEN))
        case_no, loan_no = s.execute(
            select(Case.case_no, Loan.loan_no)
            .join(Loan, Loan.id == Case.loan_id)
            .where(
                Case.status != CaseStatus.CLOSED,
                Loan.status == LoanStatus.ACTIVE,
                Case.id.not_in(busy),
                Case.id.not_in(visiting),
            )
            .order_by(Case.dpd.desc(), Case.id)
            .limit(1)
        ).one()
        paid = record_payment(s, sup, loan_no, 10_000, office_today())
        assert paid.paid_on == office_today()
        return case_no, loan_no, sup.id


def test_the_core_writes_off_on_the_offices_today(database) -> None:
    assert dt.date.today() < office_today()  # the computer is behind
    case_no, loan_no, sup_id = _paid_today(database)
    with database.session() as s:
        sup = s.get(User, sup_id)
        assert closure_state(s, sup, case_no).today == office_today()
        done = decide(s, sup, case_no, WRITE_OFF, "借款人失联")
        assert done.on == office_today()
        loan = s.scalar(select(Loan).where(Loan.loan_no == loan_no))
        assert loan.status is LoanStatus.WRITTEN_OFF and loan.closed_on == office_today()


def test_the_dialog_offers_the_offices_today(qtbot, database) -> None:
    from ui.date_widgets import day_of
    from ui.dialogs.closure import ClosureDialog

    case_no, _loan_no, sup_id = _paid_today(database)
    with database.sessions() as s:
        sup = s.get(User, sup_id)
        state = closure_state(s, sup, case_no)
    dialog = ClosureDialog(database, sup, state)
    qtbot.addWidget(dialog)
    dialog.choose("write_off")
    latest = dialog.on.maximumDate()
    assert dt.date(latest.year(), latest.month(), latest.day()) == office_today()
    assert day_of(dialog.on) == office_today()
    dialog.reason.setPlainText("借款人失联")
    assert dialog.try_save(), dialog.error.text()
    assert dialog.saved is not None and dialog.saved.on == office_today()

"""A payment may be dated up to today on the office's clock, in the core, from `casedesk payment
post` (its default date) and in the Post payment dialog (its default and latest date): not on
this computer's, which a machine left on another time zone keeps a day off. The office here
keeps Kiritimati's time (UTC+14) and the computer Pago Pago's (UTC-11): the office is a day
ahead at every hour (two from 10:00 to 11:00 UTC)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.cases.payments import record_payment
from app.errors import ValidationError
from app.models import Case, CaseStatus, Loan, LoanStatus, Payment, User
from tests.conftest import TEST_KEY
from tests.ui.zones import office_apart

pytestmark = pytest.mark.gui
OFFICE, COMPUTER = "Pacific/Kiritimati", "Pacific/Pago_Pago"


@pytest.fixture
def database(demo_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    yield from office_apart(demo_path, monkeypatch, OFFICE, COMPUTER)


def office_today() -> dt.date:
    return dt.datetime.now(zoneinfo.ZoneInfo(OFFICE)).date()


def _open_loan(database) -> tuple[str, User]:
    with database.sessions() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        loan_no = s.scalar(
            select(Loan.loan_no)
            .join(Case, Case.loan_id == Loan.id)
            .where(Loan.status == LoanStatus.ACTIVE, Case.status != CaseStatus.CLOSED)
            .order_by(Loan.id)
            .limit(1)
        )
        return loan_no, sup


def test_the_core_takes_a_payment_dated_the_offices_today(database) -> None:
    assert dt.date.today() < office_today()  # the computer is behind
    loan_no, sup = _open_loan(database)
    with database.session() as s:
        paid = record_payment(s, s.get(User, sup.id), loan_no, 10_000, office_today())
        assert paid.paid_on == office_today()  # refused as "future" by the computer's clock
    tomorrow = office_today() + dt.timedelta(days=1)
    with database.session() as s, pytest.raises(ValidationError) as refused:
        record_payment(s, s.get(User, sup.id), loan_no, 10_000, tomorrow)
    assert str(refused.value) == (
        f"A payment cannot be dated after today ({office_today().isoformat()}) on the office's "
        f"clock: {tomorrow.isoformat()}."
    )


def test_casedesk_payment_post_dates_it_the_offices_today(database, capsys, monkeypatch) -> None:
    from app.cli.main import main

    loan_no, _sup = _open_loan(database)
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    args = ["payment", "post", loan_no, "100.00", "--ref", "OFFICE-DAY"]
    code = main([*args, "--db", str(database.path), "--user", "supervisor"])
    assert code == 0, capsys.readouterr().err
    with database.sessions() as s:
        paid = s.scalar(select(Payment).where(Payment.reference == "OFFICE-DAY"))
        assert paid is not None and paid.paid_on == office_today()


def test_the_dialogs_latest_date_is_the_offices_today(qtbot, database) -> None:
    from ui.date_widgets import day_of
    from ui.dialogs.payment import PaymentDialog

    loan_no, sup = _open_loan(database)
    dialog = PaymentDialog(database, sup, loan_no)
    qtbot.addWidget(dialog)
    latest = dialog.date.maximumDate()
    assert dt.date(latest.year(), latest.month(), latest.day()) == office_today()
    assert day_of(dialog.date) <= office_today()
    dialog.amount.setText("100.00")
    dialog.date.setDate(dialog.date.maximumDate())
    assert dialog.try_post()
    assert dialog.payment is not None and dialog.payment.paid_on == office_today()

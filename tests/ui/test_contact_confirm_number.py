"""The contact dialog's Confirm number… (ui/dialogs/contact_confirm.py), on a copy of the demo
office with real widgets: the verdict held a call to a number found wrong and advised confirming
it with the borrower, but the dialog offered no way to (QA). Now a supervisor sees the button
under the number, it opens the confirmation on that number, and once saved the dialog judges
again (no longer held, the number no longer "invalid") with what was typed kept. An agent sees the
advice only, and the core refuses them. Screenshots in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from app.contacts import check_contact
from app.errors import PermissionDenied
from app.i18n import tr
from app.models import Borrower, Case, CaseStatus, Loan, Phone, User
from tests.ui.test_new_agent_day_qa33 import _call, _noon_yesterday, _plain_case
from tests.ui.test_queue import open_office
from tests.ui.test_trust import grab_over, when_modal

pytestmark = pytest.mark.gui
RULE = "number_found_invalid"
REASON = {
    "en": "Met at home; showed us the phone",
    "zh_CN": "上门时借款人出示手机，确认号码是本人的",
}
NOTES = "Borrower asked us to call back on this number"


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _user(database, username: str) -> User:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        user = s.scalar(select(User).where(User.username == username))
        assert user is not None
        return user


def _rules(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.rule for f in dialog.panel.shown.findings] if dialog.panel.shown else []


def _held_dialog(qtbot, database, username: str, case_no: str, number: str):  # type: ignore[no-untyped-def]
    from ui.dialogs.contact import ContactDialog

    dialog = ContactDialog(database, _user(database, username), case_no)
    qtbot.addWidget(dialog)
    dialog.number.setCurrentIndex(dialog.number.findData(number))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("connected"))
    dialog.notes.setPlainText(NOTES)
    dialog.show()
    dialog.refresh_verdict()
    assert RULE in _rules(dialog)
    return dialog


def test_a_supervisor_confirms_the_held_number_from_the_contact_dialog(
    qtbot, database, screenshot_dir, lang
) -> None:
    from ui.dialogs.confirm_number import ConfirmNumberDialog

    case_no, zone, number = _plain_case(database)
    _call(database, case_no, zone, number, 0, "wrong_number")
    dialog = _held_dialog(qtbot, database, "supervisor", case_no, number)
    assert dialog.number.currentText().endswith(" · " + tr("invalid"))
    assert dialog.confirm_number.isVisible()
    assert dialog.grab().save(str(screenshot_dir / f"contact-confirm-offered-{lang}.png"))
    seen: dict[str, object] = {}

    def confirm(box: QDialog) -> None:
        try:
            assert isinstance(box, ConfirmNumberDialog)
            seen["chosen"] = box.number.currentData()
            box.reason.setPlainText(REASON[lang])
            grab_over(dialog, box, screenshot_dir / f"contact-confirm-dialog-{lang}.png")
            box.try_save()
        except BaseException as error:  # raised after exec() returns, not left open
            seen["raised"] = error
            box.reject()

    when_modal(ConfirmNumberDialog, confirm)
    dialog.confirm_number.click()
    if "raised" in seen:
        raise seen["raised"]  # type: ignore[misc]
    assert seen["chosen"] == number  # opened on the number held
    assert RULE not in _rules(dialog), _rules(dialog)  # judged again: no longer held
    assert not dialog.confirm_number.isVisible()
    assert dialog.number.currentData() == number
    assert not dialog.number.currentText().endswith(" · " + tr("invalid"))
    assert dialog.notes.toPlainText() == NOTES  # what was typed is kept
    assert dialog.outcome.currentData() == "connected" and dialog.isVisible()
    with database.sessions() as s:
        assert s.scalar(select(Phone.valid).where(Phone.number == number)) is True
    QApplication.processEvents()  # the form closes the row's gap as the window would
    assert dialog.grab().save(str(screenshot_dir / f"contact-confirm-done-{lang}.png"))


def _agents_case(database) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """An open case of agent01's whose borrower may be called at noon yesterday with no finding."""
    agent, sup = _user(database, "agent01"), _user(database, "supervisor")
    with database.sessions() as s:
        rows = s.execute(
            select(Case.case_no, Borrower.timezone, Phone.number)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .join(Phone, Phone.borrower_id == Borrower.id)
            .where(
                Case.assigned_agent_id == agent.id,
                Case.status != CaseStatus.CLOSED,
                Case.paused.is_(False),
                Phone.valid,
            )
            .order_by(Case.id)
        ).all()
        for case_no, zone, number in rows:
            verdict = check_contact(
                s,
                s.get(User, sup.id),  # type: ignore[arg-type]
                case_no,
                channel="call",
                party="borrower",
                at=_noon_yesterday(zone, 30),
                outcome="connected",
                phone_number=number,
            )
            if not verdict.findings:
                return case_no, zone, number
    raise AssertionError("no plain case of agent01's in the demo office")


def test_an_agent_has_the_advice_only_and_the_core_refuses_them(qtbot, database) -> None:
    case_no, zone, number = _agents_case(database)
    _call(database, case_no, zone, number, 0, "wrong_number")
    dialog = _held_dialog(qtbot, database, "agent01", case_no, number)
    assert not dialog.confirm_number.isVisible()
    assert dialog.confirm_number.held is None
    dialog.confirm_number.held = number  # the button forced: the core says no
    with pytest.raises(PermissionDenied):
        dialog.confirm_number.confirm()

"""Log contact… on the case page, as agent01 works the most urgent case of their queue: the page
says what was logged and the promise taken, as it does after every other action on it (a payment,
a visit, an agreement, a complaint). It said nothing: the page cleared its line on the reload and
the call was known only from the timeline's top row; a cancelled dialog leaves the line be."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import tr as _
from app.labels import CHANNEL, OUTCOME, PARTY, label
from tests.office_day import office_today
from tests.ui.test_contact_dialog import pick, yesterday_at
from tests.ui.test_queue import grab, open_office, train, window_for
from tests.ui.test_trust import when_modal

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def said(channel: str, outcome: str) -> str:
    """The contact as the case's timeline titles it."""
    return _(
        "{channel} to {party}: {outcome}",
        channel=label(CHANNEL, channel),
        party=label(PARTY, "borrower"),
        outcome=label(OUTCOME, outcome),
    )


def _urgent_reachable(database, queue) -> int:  # type: ignore[no-untyped-def]
    """The most urgent case whose borrower's numbers are all valid: the demo office stops
    calling a number a contact found wrong (number_found_invalid), so a call on such a case
    needs a supervisor's override, which this test is not about."""
    from sqlalchemy import select

    from app.models import Case, Loan, Phone

    with database.sessions() as s:
        for row in range(queue.model.rowCount()):
            case_id = queue.model.id_at(row)
            invalid = s.scalar(
                select(Phone.id)
                .join(Loan, Loan.borrower_id == Phone.borrower_id)
                .join(Case, Case.loan_id == Loan.id)
                .where(Case.id == case_id, Phone.valid.is_(False))
                .limit(1)
            )
            if invalid is None:
                return case_id
    raise AssertionError("no case of agent01's whose numbers are all valid")


def test_the_case_page_says_what_its_log_contact_logged(
    qtbot, database, screenshot_dir, lang
) -> None:
    from ui.dialogs.contact import ContactDialog

    train(database, "agent01")  # the demo's agent01 has a lapsed course: every call held
    window = window_for(qtbot, database, "agent01")
    queue = window.queue
    window.open_case(_urgent_reachable(database, queue))
    page = window.cases
    assert page.detail is not None
    page.show_message(_("Drafted agreement {number}.", number="AG-2026-000099"))  # the last act

    when_modal(ContactDialog, lambda d: d.reject())
    assert page.log_contact() is None
    assert page.message.text() == _("Drafted agreement {number}.", number="AG-2026-000099")

    def call(dialog: ContactDialog) -> None:
        # Yesterday at noon, the borrower's time: logged now, a run in the evening in Shanghai
        # (from 14:00 UTC) was blocked by quiet hours.
        dialog.set_time(yesterday_at(dialog.targets.timezone, 12))
        pick(dialog.outcome, "connected")
        dialog.notes.setPlainText("借款人接听，承诺下周还款。")
        dialog.promise.setChecked(True)
        dialog.promise_amount.setText("1000")
        assert dialog.try_save(), dialog.error.text() or dialog.status.text()

    when_modal(ContactDialog, call)
    assert page.log_contact() is not None
    contact = said("call", "connected")
    assert page.message.isVisible()
    assert page.message.text() == _(
        "Logged “{contact}” and a promise to pay {amount} by {date}.",
        contact=contact,
        amount="1,000.00",
        date=(office_today() + dt.timedelta(days=7)).isoformat(),  # the form's default day
    )
    grab(window, screenshot_dir / f"case_page_contact_logged_{lang}.png")

    def sms(dialog: ContactDialog) -> None:
        dialog.set_time(yesterday_at(dialog.targets.timezone, 12, 5))
        pick(dialog.channel, "sms")
        pick(dialog.outcome, "delivered")
        assert dialog.try_save(), dialog.error.text() or dialog.status.text()

    when_modal(ContactDialog, sms)
    assert page.log_contact() is not None
    contact = said("sms", "delivered")
    assert page.message.text() == _("Logged “{contact}”.", contact=contact)

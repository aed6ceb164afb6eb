"""QA s47 on the Agreements page: an agent's agreement made ready with a 700.00 waiver, once an
admin lowers the threshold to 100.00, is a draft again whose Record signing says a supervisor
must approve it; one left approved under a lower threshold (saved by an older version) has
Record signing off, its tip saying why; a draft whose case closed has Approve off, saying so; a
completed settlement says the waiver written off beside the one planned. English and Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app import settings
from app.agreements import agreement_detail, approve, draft_plan, draft_settlement, sign
from app.cases.delinquency import loan_position
from app.cases.payments import record_payment
from app.i18n import tr
from app.models import Case, CaseStatus, CloseReason, Setting, User
from app.money import fmt
from tests.office_day import office_today
from tests.ui.test_agreements import database, free_cases, stored
from tests.ui.test_queue import grab, window_for

pytestmark = pytest.mark.gui
__all__ = ["database"]
KEY = "agreement.waiver_approval_threshold"


def _ready(database, case_no: str) -> str:  # type: ignore[no-untyped-def]
    """agent01's settlement on the case with a 700.00 waiver, made ready for signing."""
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        owed = loan_position(s, case.loan_id, office_today()).outstanding
        number = draft_settlement(s, agent, case_no, owed - 70_000).agreement_no
        approve(s, agent, number)
    return number


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == name))


def test_a_lowered_threshold_sends_the_agreement_back_for_approval(
    qtbot, database, lang, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    number = _ready(database, free_cases(database, count=1)[0])
    with database.session() as s:
        settings.put(s, _user(s, "admin"), KEY, 10_000)
    window = window_for(qtbot, database, "agent01")
    page = window.agreements
    window.show_page(page)
    page.set_status(None)
    assert page.select(stored(database, number).id)
    assert not page.sign_button.isEnabled() and not page.approve_button.isEnabled()
    assert page.sign_button.toolTip() == tr(
        "Agreement {number} is {status}; only an approved agreement can be signed, and a "
        "supervisor must approve it: ask one to, then record the signing.",
        number=number,
        status=tr("a draft"),
    )
    grab(window, screenshot_dir / f"agreement_threshold_lowered_{lang}.png")
    window.close()


def test_settings_names_the_agreements_it_sent_back_and_the_draft_says_why(
    qtbot, database, lang, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    """QA s47 O #4: the Settings dialog's save sent the agreement back to a draft, telling no one;
    the agent who had made it ready saw a plain draft."""
    from app.agreements.lapse_note import sent_back_words
    from ui.dialogs.settings import SettingsDialog

    number = _ready(database, free_cases(database, count=1)[0])
    window = window_for(qtbot, database, "admin")
    dialog = SettingsDialog(window.database, window.user, window)
    qtbot.addWidget(dialog)
    dialog.fields[KEY].setValue(100.0)
    result = dialog.try_save()
    assert result is not None and result.lapsed == (number,)
    window.settings_saved(result)
    told = window.statusBar().currentMessage()
    assert told == sent_back_words([number]) and number in told
    grab(window, screenshot_dir / f"settings_sent_back_{lang}.png")
    window.close()
    with database.sessions() as s:
        lapse = agreement_detail(s, _user(s, "agent01"), number).lapse
        admin = _user(s, "admin").display_name
    assert lapse is not None and lapse.by == admin
    agent = window_for(qtbot, database, "agent01")
    page = agent.agreements
    agent.show_page(page)
    page.set_status(None)
    assert page.select(stored(database, number).id)
    assert lapse.words() in page.summary.text().splitlines()
    assert admin in lapse.words() and "100.00" in lapse.words()
    grab(agent, screenshot_dir / f"agreement_readiness_lapsed_{lang}.png")
    agent.close()


def test_record_signing_is_off_while_the_approval_no_longer_covers_the_waiver(
    qtbot, database, lang, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    number = _ready(database, free_cases(database, count=1)[0])
    with database.session() as s:  # lowered past the setting's own door
        row = s.get(Setting, KEY)
        if row is None:
            s.add(Setting(key=KEY, value=10_000, updated_by_id=_user(s, "admin").id))
        else:
            s.execute(update(Setting).where(Setting.key == KEY).values(value=10_000))
    window = window_for(qtbot, database, "agent01")
    page = window.agreements
    window.show_page(page)
    page.set_status(None)
    assert page.select(stored(database, number).id)
    assert not page.sign_button.isEnabled()
    assert page.sign_button.toolTip() == tr(
        "The office's waiver threshold is now {threshold}, below agreement {number}'s waiver of "
        "{waiver}: a supervisor must approve it now before it is signed.",
        threshold="100.00",
        number=number,
        waiver="700.00",
    )
    grab(window, screenshot_dir / f"agreement_approval_lapsed_{lang}.png")
    window.close()


def test_approve_is_off_for_a_draft_whose_case_closed(qtbot, database, lang) -> None:  # type: ignore[no-untyped-def]
    case_no = free_cases(database, count=1)[0]
    with database.session() as s:
        agent = _user(s, "agent01")
        start = office_today() + dt.timedelta(days=10)
        number = draft_plan(s, agent, case_no, count=2, start=start).agreement_no
        s.execute(  # closed without its agreements (a database from before the fix)
            update(Case)
            .where(Case.case_no == case_no)
            .values(status=CaseStatus.CLOSED, close_reason=CloseReason.CURED)
        )
    window = window_for(qtbot, database, "supervisor")
    page = window.agreements
    window.show_page(page)
    page.set_status(None)
    assert page.select(stored(database, number).id)
    assert not page.approve_button.isEnabled()
    assert page.approve_button.toolTip() == tr(
        "Case {case} is closed; agreement {number} can no longer be edited, approved or signed. "
        "Cancel it.",
        case=case_no,
        number=number,
    )
    window.close()


def test_a_completed_settlement_says_the_waiver_written_off(
    qtbot, database, lang, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    number = _ready(database, free_cases(database, count=1)[0])
    with database.session() as s:
        agent = _user(s, "agent01")
        signed = sign(s, agent, number, office_today())
        loan_no = s.get(Case, signed.case_id).loan.loan_no
        # 100.00 beyond the agreed amount: 600.00 of the 700.00 planned is waived.
        record_payment(s, agent, loan_no, signed.settled_amount + 10_000, office_today())
        debt, settled = signed.debt_amount, signed.settled_amount
    window = window_for(qtbot, database, "agent01")
    page = window.agreements
    window.show_page(page)
    page.set_status(None)
    assert page.select(stored(database, number).id)
    said = tr(
        "Debt {debt}, agreed {settled}, waived {waived} at settlement ({waiver} planned).",
        debt=fmt(debt),
        settled=fmt(settled),
        waived="600.00",
        waiver="700.00",
    )
    assert said in page.summary.text().splitlines()
    grab(window, screenshot_dir / f"agreement_waived_at_settlement_{lang}.png")
    window.close()


def _curable(database) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    """One of agent01's new or contacted cases with no agreement, and what its loan has overdue
    (paid, the loan is current again but still owes the rest)."""
    with database.sessions() as s:
        for case_no in free_cases(database, count=50):
            case = s.scalar(select(Case).where(Case.case_no == case_no))
            p = loan_position(s, case.loan_id, office_today())
            overdue = p.overdue_principal + p.overdue_interest + p.overdue_fee
            if case.status in (CaseStatus.NEW, CaseStatus.CONTACTED) and overdue < p.outstanding:
                return case_no, overdue
    raise AssertionError("no curable case among agent01's")


def test_the_case_page_names_the_draft_a_cure_cancels(
    qtbot, database, lang, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_trust import when_modal
    from ui.dialogs.payment import PaymentDialog

    case_no, overdue = _curable(database)
    with database.session() as s:
        start = office_today() + dt.timedelta(days=10)
        number = draft_plan(s, _user(s, "agent01"), case_no, count=2, start=start).agreement_no
    window = window_for(qtbot, database, "agent01")
    page = window.cases
    assert page.show_case(case_no)
    window.show_page(page)

    def pay(dialog: PaymentDialog) -> None:
        dialog.amount.setText(f"{overdue / 100:.2f}")
        assert dialog.try_post() is True

    when_modal(PaymentDialog, pay)
    assert page.post_payment() is not None
    told = tr(
        "Agreements not yet signed cancelled as their case closed as cured: {numbers}.",
        numbers=[number],
    )
    assert page.message.text().endswith(told), page.message.text()
    grab(window, screenshot_dir / f"cure_cancels_draft_{lang}.png")
    window.close()

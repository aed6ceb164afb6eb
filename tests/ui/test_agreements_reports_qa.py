"""Found by QA walking issue 7's windows as an agent and a supervisor would, on a copy of the demo
office with real widgets: the draft dialog's plan follows the count and first date shown beside
it, keeps typed dates when the agreed amount changes, and drops an error once the user changes
what it was about; Approve is off (and says why) for a draft whose plan has fallen into the
past; the Reports page drops an error about dates the user has since changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.agreements.holiday_dates import next_open_day
from app.i18n import set_language
from app.models import Agreement, AgreementStatus, Case, User
from tests.ui.cells import type_text
from tests.ui.test_agreements import free_cases, stored
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_trust import when_modal
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
WAIT_MS = 120_000


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def office_today(database) -> dt.date:
    from app.reporting.period import office_today as today_of

    with database.sessions() as s:
        return today_of(s)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def run_draft_dialog(qtbot, database, act, username: str = "agent01") -> tuple[str, dict]:
    """Open the draft dialog from the case page's button, as an agent does, and run `act`
    (dialog, seen) in it; the case drafted on and what `act` noted."""
    from ui.dialogs.agreement import AgreementDialog

    case_no = free_cases(database, username)[0]
    window = window_for(qtbot, database, username)
    page = window.cases
    assert page.show_case(case_no)
    seen: dict = {}

    def guarded(dialog) -> None:
        try:
            act(dialog, seen)
        finally:
            if dialog.isVisible():
                dialog.reject()

    when_modal(AgreementDialog, guarded)
    page.agreement_button.click()
    return case_no, seen


def agreements_on(database, case_no: str) -> list[Agreement]:
    with database.sessions() as s:
        case_id = s.scalar(select(Case.id).where(Case.case_no == case_no))
        found = list(s.scalars(select(Agreement).where(Agreement.case_id == case_id)))
        for agreement in found:
            agreement.instalments  # noqa: B018 - loaded before the session closes
        s.expunge_all()
        return found


def test_the_plan_follows_the_count_and_first_date_shown_beside_it(
    qtbot, database, screenshot_dir
) -> None:
    """An agent set 3 instalments and a first date and pressed Save draft without Generate: the
    table still held the 6 rows from a week ahead, and those were saved."""

    def act(dialog, seen) -> None:
        # Not a public holiday, which a generated date moves off (the first date is checked).
        start = next_open_day(dialog.terms.holiday_country, dialog.today + dt.timedelta(days=20))
        dialog.count.setValue(3)
        dialog.start.setDate(qdate(start))
        seen["rows"] = dialog.plan.rowCount()
        seen["dates"] = [cell_text(dialog.plan, n, 0) for n in range(dialog.plan.rowCount())]
        seen["start"] = start
        seen["total"] = dialog.total.text()
        grab(dialog, screenshot_dir / "qa_agreement_dialog_count_start.png")
        seen["saved"] = dialog.try_save()
        seen["number"] = dialog.agreement_no

    case_no, seen = run_draft_dialog(qtbot, database, act)
    assert seen["rows"] == 3
    assert seen["dates"][0] == f"{seen['start']:%Y-%m-%d}"
    assert seen["total"].startswith("3 payments, total")
    assert seen["saved"] is True
    saved = stored(database, seen["number"])
    assert [i.due_on for i in saved.instalments][0] == seen["start"]
    assert len(saved.instalments) == 3


def test_a_new_amount_keeps_the_dates_the_agent_typed(qtbot, database) -> None:
    """Typed dates were replaced by monthly ones as soon as the agreed amount changed."""

    def act(dialog, seen) -> None:
        dialog.count.setValue(3)
        dialog.generate()
        typed = dialog.today + dt.timedelta(days=60)
        type_text(dialog.plan, 1, 0, f"{typed:%Y-%m-%d}")
        dates = [cell_text(dialog.plan, n, 0) for n in range(3)]
        assert dialog.save_button.isEnabled()
        lower = dialog.terms.debt - 10_000
        dialog.amount.setText(f"{lower // 100}.{lower % 100:02d}")
        seen["dates_before"] = dates
        seen["dates_after"] = [cell_text(dialog.plan, n, 0) for n in range(3)]
        seen["ok"] = dialog.save_button.isEnabled()
        seen["saved"] = dialog.try_save()
        seen["number"] = dialog.agreement_no
        seen["lower"] = lower

    _case_no, seen = run_draft_dialog(qtbot, database, act)
    assert seen["dates_after"] == seen["dates_before"]
    assert seen["ok"] and seen["saved"]
    saved = stored(database, seen["number"])
    assert [f"{i.due_on:%Y-%m-%d}" for i in saved.instalments] == seen["dates_before"]
    assert sum(i.amount for i in saved.instalments) == saved.settled_amount == seen["lower"]


def test_a_plan_that_does_not_add_up_is_refused_and_nothing_is_saved(qtbot, database) -> None:
    """Count and start, then amounts and dates edited off the total: Save draft is off, the
    difference is named, and a save forced anyway is refused with no agreement and no number
    taken."""
    with database.sessions() as s:
        before = s.scalar(select(Agreement.id).order_by(Agreement.id.desc()).limit(1))

    def act(dialog, seen) -> None:
        dialog.count.setValue(4)
        dialog.start.setDate(qdate(dialog.today + dt.timedelta(days=10)))
        type_text(dialog.plan, 2, 1, "1.00")
        seen["enabled"] = dialog.save_button.isEnabled()
        seen["total"] = dialog.total.text()
        seen["saved"] = dialog.try_save()
        seen["error"] = dialog.error.text()
        dialog.generate_button.click()  # a plan that adds up again: the refusal goes
        seen["error_after"] = dialog.error.isVisibleTo(dialog)
        seen["enabled_after"] = dialog.save_button.isEnabled()

    case_no, seen = run_draft_dialog(qtbot, database, act)
    assert seen["enabled"] is False and seen["saved"] is False
    assert "The plan adds up to" in seen["total"] and "short of the agreed" in seen["total"]
    assert "The plan adds up to" in seen["error"]
    assert seen["error_after"] is False and seen["enabled_after"] is True
    assert all(a.id <= (before or 0) for a in agreements_on(database, case_no))
    with database.sessions() as s:
        assert s.scalar(select(Agreement.id).order_by(Agreement.id.desc()).limit(1)) == before


def test_a_settlement_in_the_past_is_said_as_a_settlement(qtbot, database) -> None:
    """A settlement's Pay by date before today was told as "Instalment 1 falls due in the
    past" — a settlement has no instalments."""

    def act(dialog, seen) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData("settlement"))
        yesterday = dialog.today - dt.timedelta(days=1)
        dialog.due.setDate(qdate(yesterday))
        seen["total"] = dialog.total.text()
        seen["enabled"] = dialog.save_button.isEnabled()
        seen["day"] = yesterday

    _case_no, seen = run_draft_dialog(qtbot, database, act)
    assert seen["enabled"] is False
    assert seen["total"] == f"A settlement cannot fall due in the past: {seen['day']}."


def owing_the_same(database, then: dt.date, today: dt.date) -> str:  # type: ignore[no-untyped-def]
    """A free case of agent01's whose loan owes today what it owed on `then`: a payment between
    would make Approve say first that the debt changed (the demo's first free case was paid
    on some days within the week before)."""
    from app.cases.delinquency import loan_position

    with database.sessions() as s:
        for case_no in free_cases(database, count=50):
            loan_id = s.scalar(select(Case.loan_id).where(Case.case_no == case_no))
            owed = loan_position(s, loan_id, then).outstanding
            if owed > 0 and owed == loan_position(s, loan_id, today).outstanding:
                return case_no
    raise AssertionError(f"no free case of agent01's owes the same on {then} and {today}")


def test_approve_is_off_for_a_draft_whose_plan_fell_into_the_past(
    qtbot, database, screenshot_dir
) -> None:
    """A plan drafted last week to start three days later could not be approved today (the core
    refuses its past instalment), yet Approve was on; it is off and says why, in English and in
    Chinese."""
    from app.agreements import draft_plan

    today = office_today(database)
    case_no = owing_the_same(database, today - dt.timedelta(days=8), today)
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        drafted = draft_plan(
            s,
            agent,
            case_no,
            count=3,
            start=today - dt.timedelta(days=5),
            today=today - dt.timedelta(days=8),
        )
        number, agreement_id = drafted.agreement_no, drafted.id
        first = drafted.instalments[0].due_on
    for lang, said in (
        ("en", f"Instalment 1 falls due in the past: {first}."),
        ("zh_CN", f"第 1 期的到期日已过：{first}。"),
    ):
        set_language(lang)
        try:
            window = window_for(qtbot, database, "supervisor")
            page = window.agreements
            window.show_page(page)
            assert page.select(agreement_id)
            assert not page.approve_button.isEnabled()
            assert said in page.approve_button.toolTip()
            assert page.edit_button.isEnabled()  # the way out: change the dates
            assert page.approve_selected() is False  # and the core refuses it anyway
            assert said in page.message.text()
            grab(window, screenshot_dir / f"qa_agreements_past_plan_{lang}.png")
            window.close()
        finally:
            set_language("en")
    assert stored(database, number).status is AgreementStatus.DRAFT


def test_an_error_goes_once_the_dates_it_was_about_change(qtbot, database) -> None:
    """The error "The period ends before it starts" stayed under the button after the dates
    were put right, beside a form that was now fine."""
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    today = office_today(database)
    page.start.setDate(qdate(today))
    page.end.setDate(qdate(today - dt.timedelta(days=10)))
    page.generate_button.click()
    qtbot.waitUntil(page.error.isVisible, timeout=WAIT_MS)
    assert "before it starts" in page.error.text()
    page.start.setDate(qdate(today - dt.timedelta(days=20)))
    assert not page.error.isVisibleTo(page)


def test_an_amount_too_small_for_the_rows_says_so(qtbot, database) -> None:
    """Three fen over six rows: the total names the split that cannot be made, Save is off."""

    def act(dialog, seen) -> None:
        dialog.amount.setText("0.03")
        seen["total"] = dialog.total.text()
        seen["enabled"] = dialog.save_button.isEnabled()
        dialog.amount.setText("600.00")
        seen["after"] = [cell_text(dialog.plan, n, 1) for n in range(dialog.plan.rowCount())]

    _case_no, seen = run_draft_dialog(qtbot, database, act)
    assert seen["total"] == "0.03 cannot be split into 6 instalments."
    assert seen["enabled"] is False
    assert seen["after"] == ["100.00"] * 6

"""In the window of a US office (FDCPA / Regulation F) and a UK office (FCA CONC): the contact
dialog's verdict panel blocks a call at 21:30 the borrower's time and a call within 7 days after
a conversation, citing the US rules; the visit dialog blocks a visit at the borrower's workplace
and one to a borrower flagged vulnerable, citing CONC 7.9.14R. Screenshots in English."""

from __future__ import annotations

import datetime as dt
import html
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, true

from app.compliance.versions import select_jurisdiction
from app.contacts import log_contact
from app.models import (
    Address,
    Borrower,
    Case,
    CaseStatus,
    ContactAttempt,
    Loan,
    User,
    VerdictKind,
    Visit,
)
from tests.office_day import office_today
from tests.ui.test_contact_dialog import dialog_for, findings_text, pick
from tests.ui.test_queue import grab, login, open_office, window_for

pytestmark = pytest.mark.gui
NEW_YORK = "America/New_York"


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _switch(database, jurisdiction: str) -> None:
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        select_jurisdiction(s, admin, jurisdiction)


def _agent_case(database, zone: str) -> str:
    """An open case of agent01's, opened 10 days ago or more, whose borrower may be called (no
    stop flag) and was not contacted in the last 10 days, moved to `zone`: the demo's
    conversation with the first such borrower a week ago (on some days) blocked the test's
    own conversation two days ago."""
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        lately = (
            select(Loan.borrower_id)
            .join(Case, Case.loan_id == Loan.id)
            .join(ContactAttempt, ContactAttempt.case_id == Case.id)
            .where(ContactAttempt.at >= dt.datetime.now(dt.UTC) - dt.timedelta(days=10))
        )
        case_no, borrower_id = s.execute(
            select(Case.case_no, Borrower.id)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .where(
                Case.assigned_agent_id == agent.id,
                Case.status != CaseStatus.CLOSED,
                Case.paused.is_(False),
                Borrower.contact_refused.is_(False),
                Borrower.has_lawyer.is_(False),
                Borrower.e_opt_out.is_(False),
                Case.opened_on <= office_today() - dt.timedelta(days=10),  # calls 8 days ago
                Borrower.id.not_in(lately),
            )
            .order_by(Case.id)
        ).first()
        s.get(Borrower, borrower_id).timezone = zone
    return case_no


def _days_ago_at(zone: str, days: int, hour: int, minute: int = 0) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(zone)
    day = dt.datetime.now(tz).date() - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tz)


def _judged(qtbot, dialog) -> str:
    qtbot.waitUntil(lambda: not dialog.timer.isActive(), timeout=3000)
    return findings_text(dialog)


def test_a_us_office_blocks_a_2130_call_and_one_after_a_conversation(
    qtbot, database, screenshot_dir
) -> None:
    _switch(database, "us")
    case_no = _agent_case(database, NEW_YORK)
    window = window_for(qtbot, database, "agent01")
    assert window.cases.show_case(case_no)
    dialog = dialog_for(qtbot, window, case_no)
    dialog.set_time(_days_ago_at(NEW_YORK, 8, 21, 30))
    pick(dialog.outcome, "no_answer")
    text = _judged(qtbot, dialog)
    assert dialog.panel.kind is VerdictKind.BLOCKED and dialog.panel.header.text() == "Blocked"
    assert "21:30" in text and "FDCPA 15 U.S.C. 1692c(a)(1)" in text
    assert "Regulation F 12 CFR 1006.6(b)(1)(i)" in text
    assert "Civil Code" not in text and "民法典" not in text
    grab(dialog, screenshot_dir / "us_contact_2130_en.png")
    dialog.reject()

    with database.session() as s:  # a conversation two days ago, at noon New York time
        agent = s.scalar(select(User).where(User.username == "agent01"))
        saved = log_contact(
            s,
            agent,
            case_no,
            channel="call",
            party="borrower",
            at=_days_ago_at(NEW_YORK, 2, 12),
            outcome="connected",
        )
        assert saved.verdict.kind is not VerdictKind.BLOCKED, saved.verdict
    dialog = dialog_for(qtbot, window, case_no)
    dialog.set_time(_days_ago_at(NEW_YORK, 1, 11))
    pick(dialog.outcome, "no_answer")
    text = _judged(qtbot, dialog)
    assert dialog.panel.kind is VerdictKind.BLOCKED
    assert "Regulation F 12 CFR 1006.14(b)(2)(ii)" in text
    assert "7 days" in text
    grab(dialog, screenshot_dir / "us_contact_after_conversation_en.png")


def _visitable_case(database, *, at_work: bool = False) -> tuple[str, int]:
    """The first open case with none of its visits yet whose loan allows home visits; `at_work`:
    one whose borrower has a workplace address on file (not every demo borrower, some days)."""
    with database.sessions() as s:
        work = select(Address.borrower_id).where(Address.kind == "work")
        return s.execute(
            select(Case.case_no, Loan.borrower_id)
            .join(Loan, Loan.id == Case.loan_id)
            .where(
                Loan.home_visit_consent,
                Case.status.not_in([CaseStatus.CLOSED, CaseStatus.LEGAL, CaseStatus.PAUSED]),
                Case.id.not_in(select(Visit.case_id)),
                Loan.borrower_id.in_(work) if at_work else true(),
            )
            .order_by(Case.id)
        ).first()


@pytest.mark.parametrize("why", ["workplace", "vulnerable"])
def test_a_uk_office_blocks_a_visit_at_work_or_to_a_vulnerable_borrower(
    qtbot, database, screenshot_dir, why
) -> None:
    from ui.dialogs.visit import VisitDialog

    _switch(database, "uk")
    case_no, borrower_id = _visitable_case(database)
    if why == "vulnerable":
        with database.session() as s:
            s.get(Borrower, borrower_id).vulnerable = True
    window = window_for(qtbot, database)
    dialog = VisitDialog(database, login(database), case_no, window.cases, window.hub)
    qtbot.addWidget(dialog)
    dialog.show()
    for box in (dialog.identity, dialog.address, dialog.phone):
        box.setChecked(True)
    assert dialog.try_verify(), dialog.error.text()
    start = dt.datetime.combine(office_today() + dt.timedelta(days=2), dt.time(10), dialog.zone)
    dialog.set_start(start)
    dialog.agreed.setChecked(True)
    dialog.enter.setChecked(True)
    dialog.at_work.setChecked(why == "workplace")
    verdict = dialog.refresh_verdict()
    assert verdict is not None and verdict.kind is VerdictKind.BLOCKED
    rule = f"visit_{why}"
    (finding,) = [f for f in verdict.findings if f.rule == rule]
    panel = "\n".join(line.text() for line in dialog.panel.lines)
    assert html.escape(finding.text()) in panel and "CONC 7.9.14R" in panel
    other = {"workplace": "visit_vulnerable", "vulnerable": "visit_workplace"}[why]
    assert other not in {f.rule for f in verdict.findings}
    grab(dialog, screenshot_dir / f"uk_visit_{why}_en.png")
    assert not dialog.try_book()

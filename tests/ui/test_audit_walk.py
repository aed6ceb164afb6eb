"""A supervisor answers a complaint with the Audit page, as a person would, at 1366 and 1024 px,
in English and Chinese, on the demo office: a borrower complained that an agent told their
employer about the debt. The supervisor types the case's number, then the borrower's, picks the
agent, types a date range, picks an action, opens the case's trail from the case page's Case
menu and verifies the chain; the admin exports the period. Each step lists what the core lists
for the same filter, the filter bar keeps its groups whole, and a picture of each step is kept
(auditwalk-*.png: look at them)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language, tr
from app.models import Borrower, Case, Complaint, Loan, User
from app.office import office_today
from app.queries.audit_log import AuditFilter, audit_ids
from tests.ui.shots import grab
from tests.ui.test_audit_filter_bar import _apart, database
from tests.ui.test_audit_page import window_for
from ui.actions import Action

pytestmark = pytest.mark.gui
__all__ = ["database"]


def _complaint(database):  # type: ignore[no-untyped-def]
    """(case number, case id, borrower number, the agent complained about) of the demo's first
    complaint naming an agent."""
    with database.sessions() as s:
        return s.execute(
            select(Case.case_no, Case.id, Borrower.borrower_no, Complaint.agent_id)
            .join(Complaint, Complaint.case_id == Case.id)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .where(Complaint.agent_id.is_not(None))
            .order_by(Complaint.id)
        ).first()


def _type(qtbot, box, text: str) -> None:  # type: ignore[no-untyped-def]
    box.clear()
    qtbot.keyClicks(box, text)
    box.fire()


def _listed_as_the_core(database, page, **narrowed) -> list[int]:  # type: ignore[no-untyped-def]
    ids = [r.id for r in page.rows()]
    with database.sessions() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        assert ids == audit_ids(s, boss, AuditFilter(**narrowed)), narrowed
    assert _apart(page, [(page.date_from, page.date_to), (page.entity, page.record_id)]) == []
    return ids


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_supervisor_investigates_a_complaint(  # type: ignore[no-untyped-def]
    qtbot, database, lang, screenshot_dir: Path, tmp_path: Path
) -> None:
    case_no, case_id, borrower_no, agent_id = _complaint(database)
    with database.sessions() as s:
        today = office_today(s)
    since = today - dt.timedelta(days=30)
    set_language(lang)
    try:
        for width in (1366, 1024):
            window = window_for(qtbot, database)
            window.resize(width, 768)
            page = window.audit
            window.show_page(page)

            def shot(step: str, window=window, width=width) -> None:  # type: ignore[no-untyped-def]
                grab(window, screenshot_dir / f"auditwalk-{step}-{lang}-{width}.png")

            shot("1-open")
            _type(qtbot, page.case_no, case_no)
            assert _listed_as_the_core(database, page, case_no=case_no)
            shot("2-case")
            page.case_no.clear()
            _type(qtbot, page.borrower_no, borrower_no.lower())  # as typed, in any case
            assert _listed_as_the_core(database, page, borrower_no=borrower_no)
            shot("3-borrower")
            page.borrower_no.clear()
            page.who.setCurrentIndex(page.who.findData(agent_id))
            page.record_id.fire()  # the boxes cleared, listed again
            agents = _listed_as_the_core(database, page, user_id=agent_id)
            assert agents
            shot("4-agent")
            page.date_from.setFocus()
            qtbot.keyClicks(page.date_from, since.isoformat())
            dated = _listed_as_the_core(database, page, user_id=agent_id, date_from=since)
            assert dated and set(dated) <= set(agents)
            shot("5-dates")
            page.action.setCurrentIndex(page.action.findData("contact.log"))
            contacts = _listed_as_the_core(
                database, page, user_id=agent_id, date_from=since, action="contact.log"
            )
            assert {r.action_words() for r in page.rows()} == {tr("Contact logged")}
            assert contacts and set(contacts) <= set(dated)
            shot("6-action")

            window.open_case(case_id)
            shot("7-case-page")
            window.command_actions.by_id[Action.CASE_AUDIT].trigger()  # Case → Audit trail …
            assert window.stack.currentWidget() is page
            assert _listed_as_the_core(database, page, case_no=case_no)
            shot("8-case-trail")
            worker = page.verify()
            qtbot.waitUntil(lambda w=worker: w.isFinished(), timeout=60000)
            qtbot.waitUntil(page.verify_button.isEnabled)
            QApplication.processEvents()
            intact = tr("Audit trail intact: {count} entries verified.", count=0).split("0")[0]
            assert page.verdict.text().startswith(intact), page.verdict.text()
            shot("9-verified")
            window.close()

        admin = window_for(qtbot, database, "admin")
        page = admin.audit
        admin.show_page(page)
        page.set_filter(date_from=since, date_to=today)
        button = page.export_button
        button.last_message = ""
        assert button.export(tmp_path / "period.csv") is not None
        qtbot.waitUntil(lambda: button.isEnabled() and bool(button.last_message), timeout=30000)
        with open(tmp_path / "period.csv", encoding="utf-8-sig", newline="") as handle:
            written = [int(row[0]) for row in list(csv.reader(handle))[1:]]
        assert written == [r.id for r in page.rows()]
        grab(admin, screenshot_dir / f"auditwalk-10-admin-export-{lang}.png")
    finally:
        set_language("en")

"""The portfolio report's "agreements signed in the period" block on the demo office, read back
from the PDF: the rows under it (running, completed, breached, cancelled) add up to the signed
count, in English and Chinese (found by QA: completed and breached ones had no row)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from app.agreements import approve, draft_plan, evaluate_agreements, sign
from app.agreements.drafting import case_refusal
from app.i18n import tr
from app.models import Case, CaseStatus, User
from app.reporting import portfolio_report
from app.reporting.period import office_today
from tests.reports.pdfcheck import pages_text, read, render_png
from tests.reports.test_portfolio_report import render

SIGNED = "Agreements signed in the period"
OF_THESE = (
    "Of these, running now (signed or active)",
    "Of these, completed since (paid as agreed)",
    "Of these, breached since (an instalment missed or short)",
    "Of these, cancelled since (superseded ones included)",
)


def _value(text: str, label: str) -> int:
    """The count printed after `label` on its line of the figures table."""
    match = re.search(re.escape(label) + r"\s*([\d,]+)\s*$", text, re.MULTILINE)
    assert match, label
    return int(match[1].replace(",", ""))


def _signed_today(s, user: User, case_no: str, today: dt.date):  # type: ignore[no-untyped-def]
    number = draft_plan(s, user, case_no, count=3, start=today + dt.timedelta(days=10)).agreement_no
    approve(s, user, number)
    return sign(s, user, number, today)


def _agreements_of_every_kind(demo_db) -> None:  # type: ignore[no-untyped-def]
    """Signs today, on two of the demo office's open cases, an agreement superseded by another
    (cancelled; the other running) and one the watch judges breached the day after its first
    instalment, unpaid: the demo's own year may lack any of them (one of 5 February 2027 had no
    cancelled one). Completed ones are the demo's own (app/demo/agreement_outcomes.py)."""
    with demo_db.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        today = office_today(s)
        cases = s.scalars(select(Case).where(Case.status != CaseStatus.CLOSED).order_by(Case.id))
        free = [c for c in cases if case_refusal(s, c, supervisor) is None][:2]
        assert len(free) == 2
        _signed_today(s, supervisor, free[0].case_no, today)
        _signed_today(s, supervisor, free[0].case_no, today)  # supersedes the first
        breached = _signed_today(s, supervisor, free[1].case_no, today)
        due = min(i.due_on for i in breached.instalments)
        assert evaluate_agreements(s, due + dt.timedelta(days=1), [free[1].loan_id]).breached == 1


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_rows_under_signed_add_up(demo_db, lang, screenshot_dir) -> None:
    _agreements_of_every_kind(demo_db)
    with demo_db.sessions() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        end = office_today(s)
        report = portfolio_report(s, supervisor, end, end - dt.timedelta(days=364), end, lang)
    a = report.agreements
    assert a is not None
    assert a.running and a.completed_since and a.breached_since and a.cancelled, a
    data = render(report, lang)
    text = "\n".join(pages_text(read(data)))
    signed = _value(text, tr(SIGNED, lang))
    rows = [_value(text, tr(label, lang)) for label in OF_THESE]
    assert signed == a.signed and sum(rows) == signed, (signed, rows)
    assert rows == [a.running, a.completed_since, a.breached_since, a.cancelled]
    render_png(data, screenshot_dir / "reports", f"portfolio-agreement-rows-{lang}")

"""The portfolio report's "agreements signed in the period" block on the demo office, read back
from the PDF: the rows under it (running, completed, breached, cancelled) add up to the signed
count, in English and Chinese (found by QA: completed and breached ones had no row)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from app.agreements import evaluate_agreements
from app.i18n import tr
from app.models import Agreement, AgreementStatus, Case, User
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


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_rows_under_signed_add_up(demo_db, lang, screenshot_dir) -> None:
    with demo_db.session() as s:
        # The demo office's year has running, completed and cancelled agreements but no breach:
        # the watch judges one running agreement the day after its next instalment, unpaid.
        running = s.scalars(
            select(Agreement).where(Agreement.status == AgreementStatus.ACTIVE)
        ).first()
        assert running is not None
        due = min(i.due_on for i in running.instalments if i.status == "pending")
        loan_id = s.get(Case, running.case_id).loan_id
        assert evaluate_agreements(s, due + dt.timedelta(days=1), [loan_id]).breached == 1
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

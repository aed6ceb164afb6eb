"""The compliance report of a period before the office had any agent does not say "every agent's
required training is valid" (QA: a March 2020 report of the demo office, whose agents arrived
years later, said so); it says no agent was on the staff by then. A period with agents keeps the
usual lines."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import select

from app.i18n import tr
from app.models import User
from app.reporting import compliance_report
from app.reporting.compliance import ComplianceReport
from reports.compliance_report import render_compliance_report
from tests.office_day import office_today
from tests.reports.pdfcheck import pages_text, read

NONE_YET = "No agent was on the staff by then."
ALL_VALID = "Every agent's required training is valid."


def _text(demo_db, start: dt.date, end: dt.date, lang: str) -> tuple[ComplianceReport, str]:
    with demo_db.session() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        report = compliance_report(s, boss, start, end, lang=lang)
    out = io.BytesIO()
    render_compliance_report(report, out, lang)
    return report, "".join(pages_text(read(out.getvalue()))).replace("\n", "")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_period_before_any_agent_says_so(demo_db, lang: str) -> None:
    report, whole = _text(demo_db, dt.date(2020, 3, 1), dt.date(2020, 3, 31), lang)
    assert report.staff == 0 and report.training == []
    assert tr(NONE_YET, lang) in whole
    assert tr(ALL_VALID, lang) not in whole


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_period_with_agents_lists_their_training(demo_db, lang: str) -> None:
    day = office_today() - dt.timedelta(days=1)
    report, whole = _text(demo_db, day, day, lang)
    assert report.staff and report.staff > 0
    assert tr(NONE_YET, lang) not in whole

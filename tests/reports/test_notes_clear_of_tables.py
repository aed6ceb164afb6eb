"""A note under a compliance report's table stands clear of it (a gap, as under the portfolio
report's tables): "An attempt flagged by several rules counts under each of them." and "The agent
with the most warnings first." touched the tables' bottom rule."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table
from sqlalchemy import select

from app.models import User
from app.reporting import compliance_report
from app.reporting.period import office_today
from reports.base import ContinuedRows
from reports.compliance_flags import flags_sections
from reports.compliance_report import _by_rule

NOTES = (
    "An attempt flagged by several rules counts under each of them.",
    "The agent with the most warnings first.",
)


def test_notes_under_tables_stand_clear(demo_db) -> None:
    import zoneinfo

    with demo_db.sessions() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        end = office_today(s)
        report = compliance_report(s, supervisor, end - dt.timedelta(days=59), end)
    assert report.by_rule and report.warnings_by_agent  # the demo's flags: both tables drawn
    story = _by_rule(report, "en") + flags_sections(
        report, "en", zoneinfo.ZoneInfo("Asia/Shanghai")
    )
    found = 0
    for kept in story:  # each note is kept with its table's last rows (reports.kit)
        parts = kept._content if isinstance(kept, KeepTogether) else []
        for i, flowable in enumerate(parts):
            if isinstance(flowable, Paragraph) and flowable.getPlainText() in NOTES:
                found += 1
                assert isinstance(parts[i - 1], Spacer)
                assert isinstance(parts[i - 2], Table | ContinuedRows)
    assert found == len(NOTES)

"""The compliance report's check-out column: a visit under way before its end reads "Not checked
out yet", not "On time" (QA13: nobody had checked out); a completed one "On time"."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from app.reporting.compliance import ComplianceReport
from app.reporting.compliance_more import VisitRow
from app.reporting.period import Header, Period
from tests.reports.pdfcheck import pages_text, read
from tests.reports.test_compliance_report import render


@pytest.mark.parametrize(
    ("lang", "under_way", "on_time"),
    [("en", "Not checked out yet", "On time"), ("zh_CN", "尚未签退", "按时")],
)
def test_a_visit_under_way_is_not_on_time(lang, under_way, on_time) -> None:
    start = dt.datetime(2026, 3, 2, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    team = ("王芳", "李强")
    visits = [
        VisitRow("V2026-000001", "C2026-000001", start, "in_progress", team, None, False, (), True),
    ]
    report = ComplianceReport(
        Header("测试营业部", dt.datetime(2026, 4, 1, tzinfo=dt.UTC), ("CN 2026.1",)),
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Shanghai"),
        contacts=0,
        visits=visits,
    )
    text = " ".join(pages_text(read(render(report, lang))))
    assert under_way in text and on_time not in text
    done = VisitRow("V2026-000001", "C2026-000001", start, "completed", team, None, False, (), True)
    report.visits = [done]
    text = " ".join(pages_text(read(render(report, lang))))
    assert on_time in text and under_way not in text

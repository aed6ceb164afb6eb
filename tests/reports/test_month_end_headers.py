"""The compliance report's title block at a supervisor's month end (QA, session 35)."""

from __future__ import annotations

import datetime as dt

from tests.reports.pdfcheck import pages_text, read
from tests.reports.test_compliance_report import gather, render


def test_the_office_time_zone_reads_as_chinese_in_a_chinese_report(demo_db) -> None:
    """QA: the line under the title joined the zone in ASCII brackets, "期间 … (Asia/Shanghai)",
    in a Chinese report; it now reads "（Asia/Shanghai 时区）", and the English stays as it was."""
    start, end = dt.date(2000, 1, 1), dt.date(2000, 1, 31)  # before the demo office: no data
    chinese = pages_text(read(render(gather(demo_db, start, end, "zh_CN"), "zh_CN")))[0]
    assert "期间 2000-01-01 至 2000-01-31（Asia/Shanghai 时区）" in chinese
    assert "(Asia/Shanghai)" not in chinese
    english = pages_text(read(render(gather(demo_db, start, end, "en"), "en")))[0]
    assert "Period 2000-01-01 to 2000-01-31 (Asia/Shanghai)" in english

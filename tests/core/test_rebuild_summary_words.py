"""A rebuild's one line groups its counts' thousands as every other figure does (QA: an import's
queue line read "5010 opened"), in English and Chinese."""

from __future__ import annotations

import datetime as dt

from app.cases.daily import summary_text
from app.cases.rebuild import RebuildSummary


def test_the_counts_group_their_thousands() -> None:
    done = RebuildSummary(dt.date(2026, 12, 7), 100_000, 5_010, 1_234, 21_456, 0.84)
    assert summary_text(done, "en") == (
        "Queue rebuilt as of 2026-12-07: 5,010 opened, 1,234 closed, 21,456 open cases (0.8 s)."
    )
    assert "5,010" in summary_text(done, "zh_CN") and "21,456" in summary_text(done, "zh_CN")

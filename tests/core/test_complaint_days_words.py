"""An open complaint's days to its deadline in words, as `complaint list` and the complaint's
detail say them (QA: "21 overdue" said no unit and "0 days left" no deadline)."""

from __future__ import annotations

from app.complaint_detail import days_left_words
from app.i18n import set_language


def test_the_days_read_whole_in_both_languages() -> None:
    assert [days_left_words(d) for d in (3, 1, 0, -1, -21)] == [
        "3 days left",
        "1 day left",
        "due today",
        "1 day overdue",
        "21 days overdue",
    ]
    set_language("zh_CN")
    try:
        assert [days_left_words(d) for d in (3, 0, -21)] == [
            "剩余 3 天",
            "今天到期",
            "已逾期 21 天",
        ]
    finally:
        set_language("en")

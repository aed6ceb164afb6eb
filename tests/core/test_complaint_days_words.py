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


def test_a_late_answer_reads_whole_in_both_languages() -> None:
    """How late a closed complaint's answer came (QA s46 #4)."""
    from app.complaint_detail import late_words

    assert [late_words(d) for d in (1, 7)] == [
        "Answered late (1 day after the deadline)",
        "Answered late (7 days after the deadline)",
    ]
    set_language("zh_CN")
    try:
        assert late_words(7) == "逾期答复（超过期限 7 天）"
    finally:
        set_language("en")

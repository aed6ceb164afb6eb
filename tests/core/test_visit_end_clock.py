"""A visit across midnight marks its end as the next day, "23:30–01:00 (+1 day)" / "23:30–次日
01:00" (QA13: nothing said 01:00 was on the next day)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from app.wall_clock import end_clock

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 12, 10, 23, 30, tzinfo=SHANGHAI)


@pytest.mark.parametrize(("lang", "next_day"), [("en", "01:00 (+1 day)"), ("zh_CN", "次日 01:00")])
def test_an_end_after_midnight_says_next_day(lang, next_day) -> None:
    assert end_clock(START, START + dt.timedelta(minutes=90), SHANGHAI, lang=lang) == next_day
    utc_start = START.astimezone(dt.UTC)  # stored times are UTC: read on the office's clock
    end = utc_start + dt.timedelta(minutes=90)
    assert end_clock(utc_start, end, SHANGHAI, lang=lang) == next_day
    assert end_clock(START, START + dt.timedelta(minutes=20), SHANGHAI, lang=lang) == "23:50"
    midnight = end_clock(START, START + dt.timedelta(minutes=30), SHANGHAI, lang=lang)
    assert midnight == next_day.replace("01:00", "00:00")
    later = end_clock(START, START + dt.timedelta(days=2), SHANGHAI, lang=lang)
    assert later == "2026-12-12 23:30"

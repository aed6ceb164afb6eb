"""The portfolio report's as-of date: a day of its period (the aging it prints sits beside the
period's roll rates and recovery), refused before the period starts or after it ends."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.models import User
from app.reporting import portfolio_report
from app.reporting.period import office_today


def supervisor(session) -> User:
    return session.scalar(select(User).where(User.username == "supervisor"))


def test_an_as_of_date_outside_the_period_is_refused(demo_db) -> None:
    with demo_db.sessions() as s:
        end = office_today(s) - dt.timedelta(days=10)
        start = end - dt.timedelta(days=29)
        before, after = start - dt.timedelta(days=1), end + dt.timedelta(days=1)
        for day in (before, after):
            with pytest.raises(ValidationError) as refused:
                portfolio_report(s, supervisor(s), day, start, end)
            assert str(refused.value) == (
                f"The as-of date {day:%Y-%m-%d} is outside the period "
                f"{start:%Y-%m-%d} to {end:%Y-%m-%d}: the aging is taken on a day of the period."
            )
            assert refused.value.translated("zh_CN") == (
                f"截至日期 {day:%Y-%m-%d} 不在期间 {start:%Y-%m-%d} 至 {end:%Y-%m-%d} 之内："
                "账龄须按期间内的某一天统计。"
            )
        # Either end of the period, and any day between, is fine.
        for day in (start, start + dt.timedelta(days=14), end):
            assert portfolio_report(s, supervisor(s), day, start, end).as_of == day


def test_an_as_of_date_after_today_is_named_as_such_first(demo_db) -> None:
    """A future as-of date is outside any period a report may cover; it is refused for being
    after today, the reason the user can act on."""
    with demo_db.sessions() as s:
        today = office_today(s)
        tomorrow = today + dt.timedelta(days=1)
        with pytest.raises(ValidationError, match=f"as-of date {tomorrow:%Y-%m-%d} is after today"):
            portfolio_report(s, supervisor(s), tomorrow, today - dt.timedelta(days=5), today)

"""Erasure refused within the records retention (app/erasure.py): the day it names as the first
on which the borrower may be erased is the day after the records are kept until — on the last
kept day itself it said "cannot be erased before <that very day>", in English and Chinese."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import select

from app.erasure import erasure_refusal
from app.models import Case, Loan
from app.retention import add_years, case_retention, retention_rule
from tests.core.test_erasure import _erasable
from tests.core.test_retention_loans import _date_back
from tests.office_day import office_today

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_the_refusal_names_the_day_after_the_last_kept_day(demo_db) -> None:
    with demo_db.session() as s:
        borrower = _erasable(s)
        rule = retention_rule(s)
        assert rule is not None
        worked = add_years(office_today(), -10)
        cases = s.scalars(select(Case).join(Loan).where(Loan.borrower_id == borrower.id)).all()
        for case in cases:
            _date_back(s, case, worked, dt.datetime.combine(worked, dt.time(12), ZONE))
        kept = max(r.kept_until for r in case_retention(s, [c.id for c in cases], rule).values())
        assert kept is not None
        first_day = kept + dt.timedelta(days=1)
        assert erasure_refusal(s, borrower, rule, first_day) is None
        refused = erasure_refusal(s, borrower, rule, kept)
        assert refused is not None
        en = refused.translated("en")
        assert f"cannot be erased before {first_day.isoformat()}:" in en, en
        assert f"until {kept.isoformat()}." in en, en
        zh = refused.translated("zh_CN")
        assert zh.startswith(f"{first_day.isoformat()} 之前无法删除"), zh
        assert f"保存至 {kept.isoformat()}" in zh, zh

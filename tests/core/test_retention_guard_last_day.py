"""Deleting a record on the last day its case's records are kept (app/retention_guard.py): the
refusal names the next day as the first it may be deleted — it said "cannot be deleted before"
that very day, in English and Chinese."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from app.models import ContactAttempt
from app.retention import case_retention, first_kept_day, retention_rule
from app.retention_guard import RecordRetained
from tests.core.test_retention_loans import _closed_with_contacts, _date_back
from tests.office_day import office_today

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_on_the_last_kept_day_the_refusal_names_the_next(demo_db) -> None:
    today = office_today()
    with demo_db.session() as s:
        rule = retention_rule(s)
        assert rule is not None
        case = _closed_with_contacts(s)
        last = first_kept_day(today, rule.years)  # worked then: kept through today
        _date_back(s, case, last, dt.datetime.combine(last, dt.time(12), ZONE))
        kept = case_retention(s, [case.id], rule)[case.id].kept_until
        assert kept is not None and kept >= today
        contact = s.scalar(select(ContactAttempt).where(ContactAttempt.case_id == case.id))
        s.delete(contact)
        with pytest.raises(RecordRetained) as refused:
            s.flush()
        s.rollback()
    first = (kept + dt.timedelta(days=1)).isoformat()
    en = refused.value.translated("en")
    assert f"cannot be deleted before {first}:" in en and f"keeps until {kept}" in en, en
    zh = refused.value.translated("zh_CN")
    assert f"在 {first} 之前不能删除" in zh and f"保存至 {kept}" in zh, zh

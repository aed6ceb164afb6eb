"""An agreement cannot be signed on a day before it was approved (or made ready for signing):
the terms were not final then, and a waiver above the threshold had no supervisor's consent yet.
QA14 #1 signed one the day before its approval, as the CLI and the window both allowed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from app.agreements import approve, draft_plan, draft_settlement, sign
from app.agreements.common import waiver_threshold
from app.agreements.lifecycle import check_signing
from app.errors import ValidationError
from app.models import Agreement, AgreementStatus
from tests.core import test_agreements
from tests.core.test_agreements import DEBT, _agreement, _case, _today, _user

office = test_agreements.office  # three overdue loans of 12,000.00, every case agent01's


def _drafted_days_ago(s, number: str, days: int) -> None:
    at = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    s.execute(update(Agreement).where(Agreement.agreement_no == number).values(created_at=at))


def test_a_waiver_cannot_be_signed_before_the_supervisor_approved_it(office) -> None:
    today = _today()
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        big = DEBT - waiver_threshold(s) - 100  # a waiver above the threshold
        number = draft_settlement(s, agent, _case(s, "L1").case_no, big).agreement_no
        _drafted_days_ago(s, number, 3)
        approve(s, sup, number, today=today)
        yesterday = today - dt.timedelta(days=1)
        said = f"An agreement cannot be signed before it was approved ({today.isoformat()})."
        with pytest.raises(ValidationError) as refused:
            check_signing(s, agent, number, yesterday)  # the window asks this first
        assert str(refused.value) == said
        with pytest.raises(ValidationError) as refused:
            sign(s, agent, number, yesterday, today=today)
        assert str(refused.value) == said
        assert refused.value.translated("zh_CN") == (
            f"协议的签署日期不能早于批准日期（{today.isoformat()}）。"
        )
        assert _agreement(s, number).status is AgreementStatus.APPROVED
        assert sign(s, agent, number, today, today=today).signed_on == today


def test_nor_before_its_drafter_made_it_ready_for_signing(office) -> None:
    today = _today()
    with office.session() as s:
        agent = _user(s, "agent01")
        start = today + dt.timedelta(days=10)
        number = draft_plan(s, agent, _case(s, "L2").case_no, count=2, start=start).agreement_no
        _drafted_days_ago(s, number, 3)
        approve(s, agent, number, today=today)  # no waiver: the drafter makes it ready
        with pytest.raises(ValidationError) as refused:
            sign(s, agent, number, today - dt.timedelta(days=2), today=today)
        assert str(refused.value) == (
            f"An agreement cannot be signed before it was made ready for signing "
            f"({today.isoformat()})."
        )
        assert refused.value.translated("zh_CN") == (
            f"协议的签署日期不能早于定稿日期（{today.isoformat()}）。"
        )

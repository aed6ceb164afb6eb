"""Found by QA: on a computer left on UTC, an agreement drafted after midnight in Shanghai (before
08:00) could not be signed that day at all: "before it was drafted" (the office's date) and "in
the future" (this computer's) held at once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from app.agreements import approve, draft_plan, sign
from app.errors import ValidationError
from app.models import Agreement, AgreementStatus
from tests.core.test_agreements import DEBT, _agreement, _case, _today, _user, build_office


@pytest.fixture
def office(db):
    return build_office(db)


def test_signed_the_day_it_was_drafted_on_this_computers_clock(office, computer_zone) -> None:
    computer_zone("UTC")
    today = _today()
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        start = today + dt.timedelta(days=20)
        number = draft_plan(
            s, agent, _case(s, "L1").case_no, count=2, start=start, amount=DEBT
        ).agreement_no
        s.execute(  # 17:30 UTC: 01:30 the next day in Shanghai
            update(Agreement)
            .where(Agreement.agreement_no == number)
            .values(created_at=dt.datetime.combine(today, dt.time(17, 30), dt.UTC))
        )
        approve(s, sup, number, today=today)
        assert sign(s, agent, number, today, today=today).signed_on == today
        assert _agreement(s, number).status is AgreementStatus.ACTIVE


def test_still_not_before_the_day_it_was_drafted(office, computer_zone) -> None:
    computer_zone("UTC")
    today = _today()
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        number = draft_plan(
            s, agent, _case(s, "L2").case_no, count=2, start=today + dt.timedelta(days=20)
        ).agreement_no
        s.execute(  # 04:00 UTC, noon in Shanghai: the same day on both clocks, whenever this runs
            update(Agreement)
            .where(Agreement.agreement_no == number)
            .values(created_at=dt.datetime.combine(today, dt.time(4, 0), dt.UTC))
        )
        approve(s, sup, number, today=today)
        yesterday = today - dt.timedelta(days=1)
        with pytest.raises(ValidationError, match="cannot be signed before it was drafted"):
            sign(s, agent, number, yesterday, today=today)

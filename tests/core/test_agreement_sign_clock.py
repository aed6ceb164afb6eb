"""An agreement's drafting day is the office's, whatever this computer's clock says: on a computer
left on UTC, one drafted at 03:15 in Shanghai was taken as drafted the office's day before (the
earlier of the two clocks' days), so it could be signed dated before it was drafted."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from app.agreements import approve, draft_plan, sign
from app.errors import ValidationError
from app.models import Agreement, AgreementStatus
from tests.core.test_agreements import DEBT, _agreement, _case, _user, build_office
from tests.office_day import SHANGHAI, office_today


@pytest.fixture
def office(db):
    return build_office(db)


def _draft_at(s, loan_no: str, at: dt.datetime) -> str:
    """Draft a plan on the loan's case and approve it, both dated `at`; its number."""
    today = office_today()
    agent, sup = _user(s, "agent01"), _user(s, "supervisor")
    number = draft_plan(
        s,
        agent,
        _case(s, loan_no).case_no,
        count=2,
        start=today + dt.timedelta(days=20),
        amount=DEBT,
    ).agreement_no
    s.execute(update(Agreement).where(Agreement.agreement_no == number).values(created_at=at))
    approve(s, sup, number, today=today)
    # Approved within the hour it was drafted: no signing may predate the approval either.
    s.execute(update(Agreement).where(Agreement.agreement_no == number).values(approved_at=at))
    return number


def test_drafted_at_0315_office_time_is_signed_from_that_office_day(office, computer_zone) -> None:
    computer_zone("UTC")  # 03:15 in Shanghai is 19:15 the day before on this computer
    drafted_on = office_today() - dt.timedelta(days=1)
    at = dt.datetime.combine(drafted_on, dt.time(3, 15), SHANGHAI).astimezone(dt.UTC)
    assert at.astimezone().date() == drafted_on - dt.timedelta(days=1)
    with office.session() as s:
        agent = _user(s, "agent01")
        number = _draft_at(s, "L1", at)
        with pytest.raises(ValidationError) as refused:
            sign(s, agent, number, drafted_on - dt.timedelta(days=1), today=office_today())
        assert str(refused.value) == (
            f"An agreement cannot be signed before it was drafted ({drafted_on.isoformat()})."
        )
        assert _agreement(s, number).status is AgreementStatus.APPROVED
        assert sign(s, agent, number, drafted_on, today=office_today()).signed_on == drafted_on
        assert _agreement(s, number).status is AgreementStatus.ACTIVE


def test_still_not_before_the_day_it_was_drafted(office, computer_zone) -> None:
    computer_zone("UTC")
    today = office_today()
    with office.session() as s:
        agent = _user(s, "agent01")
        # 04:00 UTC, noon in Shanghai: the same day on both clocks, whenever this runs
        number = _draft_at(s, "L2", dt.datetime.combine(today, dt.time(4, 0), dt.UTC))
        yesterday = today - dt.timedelta(days=1)
        with pytest.raises(ValidationError, match="cannot be signed before it was drafted"):
            sign(s, agent, number, yesterday, today=today)

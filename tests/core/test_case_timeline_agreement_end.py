"""The case's story tells when an agreement ended (found by QA of a field day): its line stands
at the signing day with the status now, so a breach read "2026-12-05 Agreement … breached" — as
if broken the day it was signed — while the Agreements page said breached on 2027-01-21."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from app import settings
from app.agreements import approve, draft_plan, draft_settlement, evaluate_agreements, sign
from app.agreements.holiday_dates import next_open_day
from app.cases.payments import find_loan, record_payment
from app.models import Agreement
from app.queries.case_page import case_detail
from tests.core.test_agreements import DEBT, _case, _user, build_office
from tests.office_day import office_today


def _line(s, user, case_no: str, number: str, lang: str) -> str:
    items = case_detail(s, user, case_no, lang).timeline
    (item,) = [i for i in items if i.kind == "agreement" and number in i.title]
    return item.detail


def test_a_breached_and_a_completed_agreement_say_when(db) -> None:
    office = build_office(db)
    today = office_today()
    t0 = today - dt.timedelta(days=70)
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        settings.put(s, sup, "queue.as_of", (t0 + dt.timedelta(days=1)).isoformat())
        case_no = _case(s, "L2").case_no
        # The first date off public holidays, as the plan would move it (to know its day).
        start = next_open_day("CN", t0 + dt.timedelta(days=10))
        number = draft_plan(
            s, agent, case_no, count=3, start=start, amount=DEBT, today=t0
        ).agreement_no
        s.execute(
            update(Agreement)
            .where(Agreement.agreement_no == number)
            .values(created_at=dt.datetime.combine(t0, dt.time(9), dt.UTC))
        )
        approve(s, agent, number, today=t0)
        sign(s, agent, number, t0 + dt.timedelta(days=1), today=t0 + dt.timedelta(days=1))
        assert _line(s, sup, case_no, number, "en") == (
            "settle 12,000.00 of 12,000.00, waive 0.00"  # running: nothing more to say
        )
        settings.put(s, sup, "queue.as_of", None)
        evaluate_agreements(s, today, [find_loan(s, "L2").id])  # the first instalment missed
        missed = start + dt.timedelta(days=1)
        assert _line(s, sup, case_no, number, "en") == (
            "settle 12,000.00 of 12,000.00, waive 0.00 · Breached on "
            f"{missed}: an instalment fell due and was not paid in full."
        )
        assert f"{missed}" in _line(s, sup, case_no, number, "zh_CN")
        assert "违约" in _line(s, sup, case_no, number, "zh_CN")

        paid = _case(s, "L1").case_no
        settled = draft_settlement(s, agent, paid, DEBT).agreement_no
        approve(s, sup, settled)
        sign(s, agent, settled, today)
        record_payment(s, agent, "L1", DEBT, today, today=today)
        assert _line(s, sup, paid, settled, "en").endswith(
            f" · Completed on {today}: the agreed amount is paid."
        )

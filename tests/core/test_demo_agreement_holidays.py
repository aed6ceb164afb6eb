"""The demo office's agreements fall due as drafting would have them (found by QA): drafting moves
a plan's dates off the office's public holidays (app/agreements/holiday_dates.py), the demo did
not, and its plans had instalments due on National Day. Built on days whose plans run through
National Day and the Spring Festival, no instalment falls on a holiday of the rule set's country,
every breached agreement still has an instalment it missed, and every plan sums to its amount."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.agreements.holiday_dates import is_holiday, office_holiday_country
from app.demo import build_demo
from app.models import Agreement, AgreementInstalment, AgreementStatus
from db.store import Database
from tests.conftest import DEMO_LOANS, DEMO_SEED


def _check(database: Database, as_of: dt.date) -> int:
    """Assert the office's plans keep off its holidays; the number of instalments looked at."""
    with database.session() as s:
        country = office_holiday_country(s)
        assert country == "CN"
        rows = s.execute(
            select(
                Agreement.agreement_no,
                Agreement.status,
                Agreement.settled_amount,
                AgreementInstalment.due_on,
                AgreementInstalment.amount,
                AgreementInstalment.status,
            ).join(AgreementInstalment, AgreementInstalment.agreement_id == Agreement.id)
        ).all()
    on_holidays = [(no, due) for no, _, _, due, _, _ in rows if is_holiday(country, due)]
    assert on_holidays == []
    totals: dict[str, int] = {}
    missed: dict[str, bool] = {}
    for no, status, settled, due, amount, state in rows:
        totals[no] = totals.get(no, 0) + amount
        if status is AgreementStatus.BREACHED:
            missed[no] = missed.get(no, False) or (state == "missed" and due < as_of)
        assert totals[no] <= settled
    assert [no for no, any_missed in missed.items() if not any_missed] == []
    return len(rows)


@pytest.mark.parametrize(
    "as_of", [dt.date(2026, 9, 20), dt.date(2026, 10, 12), dt.date(2027, 1, 25)]
)
def test_no_demo_instalment_falls_on_a_public_holiday(db: Database, as_of: dt.date) -> None:
    build_demo(db, loans=DEMO_LOANS, seed=DEMO_SEED, as_of=as_of)
    assert _check(db, as_of) > 20


def test_the_tests_demo_office_keeps_off_holidays_too(demo_db: Database) -> None:
    from app.reporting.period import office_today

    with demo_db.session() as s:
        today = office_today(s)
    _check(demo_db, today)

"""Repayment schedules: exact totals, rounding into the last instalment, due dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.loans.schedule import add_months, annuity_payment, build_schedule, monthly_rate
from app.models import ScheduleType

KINDS = list(ScheduleType)


@settings(max_examples=300, deadline=None)
@given(
    principal=st.integers(min_value=1, max_value=10**11),
    rate_bp=st.integers(min_value=0, max_value=6000),
    term=st.integers(min_value=1, max_value=120),
    kind=st.sampled_from(KINDS),
    first_due=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)),
)
def test_schedule_totals_are_exact(principal, rate_bp, term, kind, first_due):
    rows = build_schedule(principal, rate_bp, term, kind, first_due)
    assert len(rows) == term
    assert sum(r.principal for r in rows) == principal
    assert all(r.principal >= 0 and r.interest >= 0 and r.fee == 0 for r in rows)
    assert all(r.total == r.principal + r.interest for r in rows)
    assert [r.seq for r in rows] == list(range(1, term + 1))
    assert all(a.due_on < b.due_on for a, b in zip(rows, rows[1:], strict=False))


def test_equal_instalment_hand_worked():
    # 10,000.00 at 18% a year over 12 months: the textbook annuity is 916.80 a month.
    rows = build_schedule(1_000_000, 1800, 12, ScheduleType.EQUAL_INSTALMENT, dt.date(2026, 2, 15))
    assert annuity_payment(1_000_000, monthly_rate(1800), 12) == 91_680
    assert [r.total for r in rows[:-1]] == [91_680] * 11
    assert rows[0].interest == 15_000  # 1.5% of 10,000.00
    assert rows[0].principal == 76_680
    assert sum(r.principal for r in rows) == 1_000_000
    assert abs(rows[-1].total - 91_680) <= 12  # rounding remainder lands in the last one


def test_equal_principal_remainder_in_last():
    rows = build_schedule(1_000_000, 960, 12, ScheduleType.EQUAL_PRINCIPAL, dt.date(2026, 1, 10))
    assert [r.principal for r in rows[:-1]] == [83_333] * 11
    assert rows[-1].principal == 83_337
    assert rows[0].interest == 8_000 and rows[1].interest == 7_333  # 0.8% of the balance


def test_interest_only_then_bullet():
    rows = build_schedule(500_000, 1200, 6, ScheduleType.INTEREST_ONLY, dt.date(2026, 3, 1))
    assert [r.principal for r in rows] == [0, 0, 0, 0, 0, 500_000]
    assert {r.interest for r in rows} == {5_000}


def test_zero_rate_annuity_splits_principal():
    rows = build_schedule(1_000, 0, 3, ScheduleType.EQUAL_INSTALMENT, dt.date(2026, 1, 1))
    assert [r.total for r in rows] == [333, 333, 334]


def test_month_end_due_dates_clamp():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    rows = build_schedule(10_000, 1000, 3, ScheduleType.EQUAL_PRINCIPAL, dt.date(2026, 1, 31))
    assert [r.due_on for r in rows] == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
    ]


@pytest.mark.parametrize(
    "principal,rate,term",
    [(0, 1000, 12), (-5, 1000, 12), (1000, 1000, 0), (1000, 1000, 601), (1000, -1, 12)],
)
def test_bad_terms_are_refused(principal, rate, term):
    with pytest.raises(ValidationError):
        build_schedule(principal, rate, term, ScheduleType.EQUAL_INSTALMENT, dt.date(2026, 1, 1))

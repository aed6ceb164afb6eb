"""Repayment schedules: equal instalment (annuity), equal principal, interest-only then bullet.

Amounts are integer minor units. Interest for a period is the outstanding principal times the
monthly rate (annual / 12), rounded half up to the minor unit. Principal rounding is absorbed by
the last instalment, so the principals sum exactly to the loan principal and each instalment's
total is exactly its principal plus its interest.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from app.errors import ValidationError
from app.models.loan import ScheduleType
from app.money import round_minor, within_limit

MAX_TERM_MONTHS = 600


@dataclass(frozen=True, slots=True)
class PlannedInstalment:
    seq: int
    due_on: dt.date
    principal: int
    interest: int
    fee: int = 0

    @property
    def total(self) -> int:
        return self.principal + self.interest + self.fee


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def monthly_rate(annual_rate_bp: int) -> Decimal:
    return Decimal(annual_rate_bp) / Decimal(10_000) / Decimal(12)


def annuity_payment(principal: int, rate: Decimal, term: int) -> int:
    if rate == 0:
        return round_minor(Decimal(principal) / term)
    factor = (1 + rate) ** term
    return round_minor(Decimal(principal) * rate * factor / (factor - 1))


def build_schedule(
    principal: int,
    annual_rate_bp: int,
    term_months: int,
    kind: ScheduleType,
    first_due_on: dt.date,
) -> list[PlannedInstalment]:
    if principal <= 0:
        raise ValidationError("The principal must be more than zero.")
    within_limit(principal)
    if not 0 < term_months <= MAX_TERM_MONTHS:
        raise ValidationError("The term must be 1 to {max} months.", max=MAX_TERM_MONTHS)
    if not 0 <= annual_rate_bp <= 100_000:
        raise ValidationError("The annual rate must be between 0% and 1000%.")
    rate = monthly_rate(annual_rate_bp)
    balance = principal
    payment = annuity_payment(principal, rate, term_months)
    base_principal = principal // term_months
    rows: list[PlannedInstalment] = []
    for seq in range(1, term_months + 1):
        interest = round_minor(Decimal(balance) * rate)
        last = seq == term_months
        if last:
            part = balance
        elif kind is ScheduleType.EQUAL_INSTALMENT:
            part = min(max(payment - interest, 0), balance)
        elif kind is ScheduleType.EQUAL_PRINCIPAL:
            part = min(base_principal, balance)
        else:  # interest only, then the whole principal at the end
            part = 0
        rows.append(PlannedInstalment(seq, add_months(first_due_on, seq - 1), part, interest))
        balance -= part
    return rows

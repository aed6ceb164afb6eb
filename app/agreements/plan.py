"""An agreement's payment plan: generated (equal amounts, remainder on the last row, monthly) or
given row by row, and checked so it sums to the settled amount to the minor unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.errors import ValidationError
from app.loans.schedule import add_months
from app.money import fmt

MAX_INSTALMENTS = 60
# How far ahead the first payment of a plan (or a settlement's payment) may fall.
MAX_START_DAYS = 366

if TYPE_CHECKING:
    from app.agreements.holiday_dates import HolidayMove


@dataclass(frozen=True)
class PlanRow:
    due_on: dt.date
    amount: int  # minor units


def generate_plan(
    amount: int, count: int, start: dt.date, country: str | None = None
) -> list[PlanRow]:
    """`count` monthly rows from `start`: equal amounts, the remainder on the last row; a date on
    a public holiday of `country` moves to the next day that is none (app/agreements/
    holiday_dates.py, which also gives the moves)."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValidationError("A plan needs at least one instalment.")
    if count > MAX_INSTALMENTS:
        raise ValidationError("A plan has at most {count} instalments.", count=MAX_INSTALMENTS)
    if amount <= 0:
        raise ValidationError("The agreed amount must be more than zero.")
    from app.agreements.holiday_dates import plan_dates

    return split_over(amount, plan_dates(start, count, country)[0])


def split_over(amount: int, dates: Sequence[dt.date]) -> list[PlanRow]:
    """`amount` over the given dates: equal amounts, the remainder on the last row."""
    count = len(dates)
    each = amount // count
    if each == 0:
        raise ValidationError(
            "{amount} cannot be split into {count} instalments.", amount=fmt(amount), count=count
        )
    amounts = [each] * (count - 1) + [amount - each * (count - 1)]
    return [PlanRow(day, a) for day, a in zip(dates, amounts, strict=True)]


def check_plan(
    rows: Sequence[PlanRow],
    settled: int,
    today: dt.date,
    moves: Sequence[HolidayMove] = (),
) -> list[PlanRow]:
    """The rows as given, or a clear error: dates in order and not in the past, amounts above
    zero, and a total equal to the settled amount to the minor unit. `moves` are the dates moved
    off public holidays among them: a first date the move put past the limit is said so."""
    if not rows:
        raise ValidationError("A plan needs at least one instalment.")
    if len(rows) > MAX_INSTALMENTS:
        raise ValidationError("A plan has at most {count} instalments.", count=MAX_INSTALMENTS)
    latest_start = today + dt.timedelta(days=MAX_START_DAYS)
    previous: dt.date | None = None
    for seq, row in enumerate(rows, start=1):
        amount = row.amount
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValidationError("Instalment {seq}: the amount must be more than zero.", seq=seq)
        if row.due_on < today:
            raise ValidationError(
                "Instalment {seq} falls due in the past: {date}.", seq=seq, date=row.due_on
            )
        if previous is None and row.due_on > latest_start:
            _refuse_moved_past(row.due_on, len(rows), latest_start, moves)
            raise ValidationError(
                "The first payment can fall due at most {days} days ahead (by {date})."
                if len(rows) > 1
                else "The payment can fall due at most {days} days ahead (by {date}).",
                days=MAX_START_DAYS,
                date=latest_start,
            )
        if previous is not None and row.due_on > add_months(rows[0].due_on, MAX_INSTALMENTS):
            # As long as the longest generated plan: a typed year (2126 for 2026) stood.
            raise ValidationError(
                "Instalment {seq} falls due on {date}: a plan runs at most {months} months from "
                "its first payment (to {last}).",
                seq=seq,
                date=row.due_on,
                months=MAX_INSTALMENTS,
                last=add_months(rows[0].due_on, MAX_INSTALMENTS),
            )
        if previous is not None and row.due_on <= previous:
            raise ValidationError(
                "Instalment {seq} must fall due after instalment {prev} ({date}).",
                seq=seq,
                prev=seq - 1,
                date=previous,
            )
        previous = row.due_on
    total = sum(r.amount for r in rows)
    if total != settled:
        # Which way it is off, as an amount (a signed "difference -759.33" read either way), and
        # what to do about it.
        raise ValidationError(
            "The plan adds up to {total}, {diff} short of the agreed {settled}: change the "
            "instalments' amounts, or the agreed amount, so that they match."
            if total < settled
            else "The plan adds up to {total}, {diff} more than the agreed {settled}: change the "
            "instalments' amounts, or the agreed amount, so that they match.",
            total=fmt(total),
            settled=fmt(settled),
            diff=fmt(abs(total - settled)),
        )
    return list(rows)


def _refuse_moved_past(
    first: dt.date, count: int, latest: dt.date, moves: Sequence[HolidayMove]
) -> None:
    """The refusal of a first date within the limit that a move off a public holiday put past
    it ("at most 366 days ahead" alone read as if the user's date were too far)."""
    from app.agreements.holiday_dates import HolidayName

    for move in moves:
        if move.seq == 1 and move.due_on == first and move.moved_from <= latest:
            raise ValidationError(
                "The first date, {date}, is a public holiday ({holiday}): moved off it to "
                "{moved}, the first payment would fall due more than {days} days ahead (by "
                "{limit} at the latest). Choose an earlier first date."
                if count > 1
                else "The payment's date, {date}, is a public holiday ({holiday}): moved off it "
                "to {moved}, it would fall due more than {days} days ahead (by {limit} at the "
                "latest). Choose an earlier date.",
                date=move.moved_from,
                holiday=HolidayName(move.country, move.moved_from),
                moved=move.due_on,
                days=MAX_START_DAYS,
                limit=latest,
            )

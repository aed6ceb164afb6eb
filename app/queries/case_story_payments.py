"""The case's story: the loan's payments that concern the case. One dated since the case opened
stands at its date. One dated before the case opened stands there too when it was posted while
the case was open (a late bank statement, a payment found later): it changed the case's
figures, so it stands at when it was recorded and says its date (QA: such a payment lowered the
overdue amount and the days past due, yet no story listed it). One from before the case that
was recorded before the case was is the loan's history, not the case's."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from app.i18n import tr
from app.labels import METHOD, label
from app.models import Case, Payment
from app.money import fmt
from app.queries.loans import LoanDetail
from app.wall_clock import wall_time

# (when, title, reference, dated): a date-only line for a payment at its date
PaymentLine = tuple[dt.datetime, str, str, bool]


def payment_lines(
    session: Session,
    case: Case,
    loan: LoanDetail,
    zone: zoneinfo.ZoneInfo,
    lang: str | None = None,
) -> list[PaymentLine]:
    """The case's payments: those dated since it opened (at 00:00 of their day in `zone`, the
    office's), then those dated before it but posted while it was the loan's case."""
    lines: list[PaymentLine] = []
    for pay in loan.payments:
        if pay.paid_on < case.opened_on:
            continue  # said below if posted while the case was open; else the loan's history
        day = dt.datetime.combine(pay.paid_on, dt.time(), zone).astimezone(dt.UTC)
        title = tr(
            "Payment {amount} ({method})",
            lang,
            amount=fmt(pay.amount),
            method=label(METHOD, pay.method, lang),
        )
        lines.append((day, title, pay.reference, True))
    for paid_on, amount, method, reference, recorded in _posted_late(session, case):
        title = tr(
            "Payment {amount} ({method}) recorded {recorded}, dated {date}, before the case opened",
            lang,
            amount=fmt(amount),
            method=label(METHOD, method, lang),
            recorded=wall_time(recorded, zone, "%Y-%m-%d"),
            date=paid_on.isoformat(),
        )
        lines.append((recorded, title, reference or "", False))
    return lines


def _posted_late(
    session: Session, case: Case
) -> list[tuple[dt.date, int, str, str | None, dt.datetime]]:
    """The payments dated before the case opened, recorded once the case was, and before any
    later case of the loan was (that case's story lists them), in the order recorded."""
    later = aliased(Case)
    newer_case = exists().where(
        and_(
            later.loan_id == case.loan_id,
            later.created_at > case.created_at,
            later.created_at <= Payment.created_at,
        )
    )
    rows = session.execute(
        select(
            Payment.paid_on,
            Payment.amount,
            Payment.method,
            Payment.reference,
            Payment.created_at,
        )
        .where(
            Payment.loan_id == case.loan_id,
            Payment.paid_on < case.opened_on,
            Payment.created_at >= case.created_at,
            ~newer_case,
        )
        .order_by(Payment.created_at, Payment.id)
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

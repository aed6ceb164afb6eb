"""Posting a payment as a use case: permission, validation, waterfall, and the case refreshed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from app import settings
from app.agreements.settling import Settling, settling
from app.auth import Permission, can, require
from app.cases.rebuild import rebuild_queue
from app.errors import NotFound, PermissionDenied, ValidationError
from app.i18n import tr
from app.loans.allocation import allocate
from app.loans.replay import balances_of, balances_on
from app.loans.service import post_payment
from app.models import Case, Loan, Payment, User
from app.money import within_limit
from app.office import office_today
from app.typed_number import typed_number

METHODS = ("transfer", "cash", "card", "wechat", "alipay", "other")


def find_loan(session: Session, loan_no: str) -> Loan:
    """The loan by its number as stored, else typed in the other case (ln00000491) or in full
    width (ＱＬ０００１, app/typed_number.py)."""
    typed = typed_number(loan_no)
    loan = session.scalar(select(Loan).where(Loan.loan_no == typed))
    if loan is None and typed.upper() != typed:
        loan = session.scalar(select(Loan).where(Loan.loan_no == typed.upper()))
    if loan is None:
        raise NotFound("Unknown loan number {loan_no}.", loan_no=loan_no)
    return loan


def preview_allocation(
    loan: Loan, amount: int, paid_on: dt.date | None = None
) -> tuple[list[tuple[int, int, int, int]], int]:
    """What a payment would pay: [(seq, fee, interest, principal)] and credit; writes nothing.
    With `paid_on`, as the payments dated up to that day left the loan (a payment dated before
    one posted already comes first: app/loans/replay.py); without, today's balances."""
    if amount <= 0:
        raise ValidationError("A payment must be more than zero.")
    within_limit(amount)
    session = object_session(loan)
    if paid_on is not None and session is not None:
        balances = balances_on(session, loan, paid_on)
    else:
        balances = balances_of(loan.instalments, key_by_seq=True)
    allocations, credit = allocate(amount, balances)
    return [(a.key, a.fee, a.interest, a.principal) for a in allocations], credit


def held_to_own_cases(session: Session, actor: User, loan: Loan) -> None:
    """An agent posts to the loans of the cases assigned to them, as their case page offers it;
    whoever sees every case, to any loan."""
    if can(actor, Permission.VIEW_ALL_CASES):
        return
    mine = select(Case.id).where(Case.loan_id == loan.id, Case.assigned_agent_id == actor.id)
    if session.scalar(mine.limit(1)) is None:
        raise PermissionDenied(
            "{user} may post payments only to the loans of the cases assigned to them; "
            "{loan} is not one.",
            user=actor.username,
            loan=loan.loan_no,
        )


@dataclass(frozen=True)
class Posted:
    """A payment posted, and the unsigned agreements its payoff cancelled with the loan, or its
    cure with the case (`cured`, among `cancelled`)."""

    payment: Payment
    cancelled: tuple[str, ...] = ()
    cured: tuple[str, ...] = ()


def record_payment(
    session: Session,
    actor: User,
    loan_no: str,
    amount: int,
    paid_on: dt.date,
    *,
    method: str = "transfer",
    reference: str | None = None,
    today: dt.date | None = None,
) -> Payment:
    """Post a payment to a loan and bring its case up to date at once."""
    return posting(
        session, actor, loan_no, amount, paid_on, method=method, reference=reference, today=today
    ).payment


def posting(
    session: Session,
    actor: User,
    loan_no: str,
    amount: int,
    paid_on: dt.date,
    *,
    method: str = "transfer",
    reference: str | None = None,
    today: dt.date | None = None,
) -> Posted:
    """record_payment, saying which unsigned agreements a payoff cancelled (by `actor`)."""
    require(actor, Permission.POST_PAYMENTS)
    if method not in METHODS:
        raise ValidationError(
            "Unknown payment method {method}; choose one of: {choices}.",
            method=method,
            choices=list(METHODS),
        )
    # The office's today, not this computer's: one left on another zone is a day off for part
    # of each day, and a payment taken at the counter today would be refused as future.
    latest = today or office_today(session)
    if paid_on > latest:
        raise ValidationError(
            "A payment cannot be dated after today ({today}) on the office's clock: {date}.",
            today=latest,
            date=paid_on,
        )
    loan = find_loan(session, loan_no)
    held_to_own_cases(session, actor, loan)
    payment = post_payment(
        session, actor, loan, amount, paid_on, method=method, reference=reference
    )
    # As of the queue date, as every other case is: a payment dated after it counts from the
    # day the queue reaches it, not by moving this one case's figures to another day.
    summary = rebuild_queue(
        session, None, settings.as_of(session), loan_ids=[loan.id], closed_by=actor
    )
    return Posted(payment, summary.cancelled, summary.cured)


def payment_settles(
    session: Session, actor: User, loan_no: str, amount: int, paid_on: dt.date
) -> Settling | None:
    """Before posting: the settlement agreement this payment would complete (the loan settles,
    the rest is waived), checked as record_payment checks who may post it; writes nothing."""
    require(actor, Permission.POST_PAYMENTS)
    loan = find_loan(session, loan_no)
    held_to_own_cases(session, actor, loan)
    _rows, credit = preview_allocation(loan, amount, paid_on)
    return settling(session, loan, amount, paid_on, credit)


def counted_from_words(session: Session, paid_on: dt.date, lang: str | None = None) -> str | None:
    """Said after posting, on the case page, when the queue date is before the payment's: the
    case's figures stay as of the queue date, which this payment is not yet in."""
    as_of = settings.as_of(session)
    if paid_on <= as_of:
        return None
    return tr(
        "Days past due and amounts overdue are as of the queue date, {date}: this payment "
        "counts in them once the queue is rebuilt as of {paid_on} or later.",
        lang,
        date=as_of.isoformat(),
        paid_on=paid_on.isoformat(),
    )

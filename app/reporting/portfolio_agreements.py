"""The portfolio report's agreement figures: those signed in the period (and what has become of
them), and those whose outcome fell in the period — completed or breached — which give the kept
rate, as promises falling due in the period give theirs.

An agreement is completed on the day the loan's payments that count toward it (recorded since
its drafting) reach the agreed amount, or on its signing day when they reached it before
(app/agreements/outcome.py tells the same day), and breached the day after the due date of its first
instalment judged short (missed or partly paid), the rules of app/agreements/watch.py; both are
worked out from what is stored, so back-dated payments and earlier periods read the same as on
the day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.agreements.common import counts_toward
from app.models import Agreement, AgreementInstalment, AgreementStatus, Case, Payment
from app.reporting.period import Period
from app.reporting.portfolio_parts import rate

SHORT = ("missed", "partial")


@dataclass(frozen=True)
class AgreementFigures:
    signed: int  # signed in the period
    settled: int  # their agreed amounts, minor units
    running: int  # of those, signed or active now
    cancelled: int  # of those, cancelled since (superseded ones too)
    completed: int  # any agreement completed in the period
    breached: int  # any agreement breached in the period
    # Of those signed in the period, completed and breached since (by now, not only in the
    # period): with running and cancelled they add up to `signed`.
    completed_since: int = 0
    breached_since: int = 0

    @property
    def happened(self) -> bool:
        return bool(self.signed or self.completed or self.breached)

    @property
    def kept_rate(self) -> float | None:
        """Completed of the agreements whose outcome fell in the period."""
        return rate(self.completed, self.completed + self.breached)


def _signed(session: Session, period: Period) -> tuple[int, ...]:
    """(count, agreed amount, running now, cancelled, completed, breached since) of the
    agreements signed in it."""
    s = AgreementStatus
    row = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(Agreement.settled_amount), 0),
            func.count(case((Agreement.status.in_([s.SIGNED, s.ACTIVE]), 1))),
            func.count(case((Agreement.status == s.CANCELLED, 1))),
            func.count(case((Agreement.status == s.COMPLETED, 1))),
            func.count(case((Agreement.status == s.BREACHED, 1))),
        ).where(Agreement.signed_on >= period.start, Agreement.signed_on <= period.end)
    ).one()
    return tuple(int(value) for value in row)


def _completed(session: Session, period: Period) -> int:
    """Completed agreements that ended within the period: signed by its end and paid enough by
    it (those payments that count toward them), and either not paid enough before its start or
    signed within it (one paid before its signing ended on the signing day)."""
    a, p = Agreement, Payment
    early = case((p.paid_on < period.start, p.amount), else_=0)
    paid = (
        select(
            a.signed_on.label("signed_on"),
            a.settled_amount.label("agreed"),
            func.sum(p.amount).label("by_end"),
            func.sum(early).label("before"),
        )
        .join(Case, Case.id == a.case_id)
        .join(p, and_(p.loan_id == Case.loan_id, counts_toward(p, a)))
        .where(
            a.status == AgreementStatus.COMPLETED,
            a.signed_on <= period.end,
            p.paid_on <= period.end,
        )
        .group_by(a.id, a.signed_on, a.settled_amount)
        .subquery()
    )
    return int(
        session.scalar(
            select(func.count()).where(
                paid.c.by_end >= paid.c.agreed,
                or_(paid.c.before < paid.c.agreed, paid.c.signed_on >= period.start),
            )
        )
        or 0
    )


def _breached(session: Session, period: Period) -> int:
    """Breached agreements whose first short instalment fell due the day before a day of the
    period (an instalment is overdue the day after its due date)."""
    first = (
        select(func.min(AgreementInstalment.due_on).label("due_on"))
        .join(Agreement, Agreement.id == AgreementInstalment.agreement_id)
        .where(
            Agreement.status == AgreementStatus.BREACHED,
            AgreementInstalment.status.in_(SHORT),
        )
        .group_by(AgreementInstalment.agreement_id)
        .subquery()
    )
    day_before = dt.timedelta(days=1)
    return int(
        session.scalar(
            select(func.count()).where(
                first.c.due_on >= period.start - day_before,
                first.c.due_on <= period.end - day_before,
            )
        )
        or 0
    )


def agreement_figures(session: Session, period: Period) -> AgreementFigures:
    signed, settled, running, cancelled, completed_since, breached_since = _signed(session, period)
    return AgreementFigures(
        signed,
        settled,
        running,
        cancelled,
        _completed(session, period),
        _breached(session, period),
        completed_since,
        breached_since,
    )

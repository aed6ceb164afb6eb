"""The day an agreement ended, and what became of its instalments, for the list and the detail.

Completed: the day the loan's payments that count toward it (recorded since its drafting)
reached the agreed amount, or its signing day when they reached it earlier (a payment dated
before the signing and posted after the drafting): an agreement never ends before it was signed.
Breached: the day after the due date of its first instalment judged
short (missed or partly paid). These are
the rules of app/agreements/watch.py, worked out from what is stored as the portfolio report
counts them (app/reporting/portfolio_agreements.py), so back-dated payments read the same.
Cancelled: the day the agreement that superseded it was signed, else the day of the
cancellation in the audit trail (office time); none when neither is recorded.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from app.agreements.common import IN_FORCE, counts_toward
from app.models import (
    Agreement,
    AgreementInstalment,
    AgreementStatus,
    AuditEntry,
    Case,
    Payment,
)
from app.office import office_timezone

_CHUNK = 900
SHORT = ("missed", "partial")
CANCELLATIONS = ("agreement.cancel", "agreement.superseded")
# How the detail (window and CLI) tells the day an agreement ended, by its status.
ENDINGS = {
    "completed": "Completed on {date}: the agreed amount is paid.",
    "breached": "Breached on {date}: an instalment fell due and was not paid in full.",
    "cancelled": "Cancelled on {date}.",
}


def _day(value: Any) -> dt.date:
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value.date() if isinstance(value, dt.datetime) else value


def _completed(session: Session, ids: list[int]) -> dict[int, dt.date]:
    a, p = Agreement, Payment
    running = (
        select(
            a.id.label("aid"),
            a.signed_on.label("signed_on"),
            a.settled_amount.label("agreed"),
            p.paid_on.label("paid_on"),
            func.sum(p.amount).over(partition_by=a.id, order_by=(p.paid_on, p.id)).label("paid"),
        )
        .join(Case, Case.id == a.case_id)
        .join(p, and_(p.loan_id == Case.loan_id, counts_toward(p, a)))
        .where(a.id.in_(ids), a.status == AgreementStatus.COMPLETED)
        .subquery()
    )
    rows = session.execute(
        select(running.c.aid, func.max(running.c.signed_on), func.min(running.c.paid_on))
        .where(running.c.paid >= running.c.agreed)
        .group_by(running.c.aid)
    )
    return {
        int(aid): max(_day(day), _day(signed)) if signed is not None else _day(day)
        for aid, signed, day in rows
    }


def _breached(session: Session, ids: list[int]) -> dict[int, dt.date]:
    ai = AgreementInstalment
    rows = session.execute(
        select(ai.agreement_id, func.min(ai.due_on))
        .join(Agreement, Agreement.id == ai.agreement_id)
        .where(
            ai.agreement_id.in_(ids),
            Agreement.status == AgreementStatus.BREACHED,
            ai.status.in_(SHORT),
        )
        .group_by(ai.agreement_id)
    )
    return {int(aid): _day(due) + dt.timedelta(days=1) for aid, due in rows}


def _cancelled(session: Session, ids: list[int]) -> dict[int, dt.date]:
    old, new = Agreement, aliased(Agreement)
    found: dict[int, dt.date] = {}
    rows = session.execute(
        select(old.id, old.agreement_no, new.signed_on)
        .outerjoin(new, and_(new.supersedes_id == old.id, new.signed_on.is_not(None)))
        .where(old.id.in_(ids), old.status == AgreementStatus.CANCELLED)
    )
    unknown: dict[str, int] = {}
    for aid, number, superseded_on in rows:
        if superseded_on is not None:
            found[int(aid)] = _day(superseded_on)
        else:
            unknown[number] = int(aid)
    if unknown:
        zone = zoneinfo.ZoneInfo(office_timezone(session))
        entries = session.execute(
            select(AuditEntry.entity_id, func.max(AuditEntry.at))
            .where(
                AuditEntry.entity == "agreement",
                AuditEntry.action.in_(CANCELLATIONS),
                AuditEntry.entity_id.in_(list(unknown)),
            )
            .group_by(AuditEntry.entity_id)
        )
        for number, at in entries:
            when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at)
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            found[unknown[number]] = when.astimezone(zone).date()
    return found


def ended_on(session: Session, ids: Iterable[int]) -> dict[int, dt.date]:
    """The day each of these agreements ended, for those that did and whose day is known."""
    wanted = list(dict.fromkeys(ids))
    found: dict[int, dt.date] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found |= _completed(session, chunk)
        found |= _breached(session, chunk)
        found |= _cancelled(session, chunk)
    return found


def line_status(agreement: Agreement, instalment: AgreementInstalment, today: dt.date) -> str:
    """An instalment still pending when its agreement was cancelled (or superseded) will never
    fall due: "cancelled", not "pending"; nor one after a breach: "void" (the whole debt is
    owed again, the case back in the queue). One of an agreement in force that the payments
    already cover in full: "paid_ahead" before its day, "paid" on it or after (the watch keeps
    it pending until its due date has gone by and judges it then, as ever)."""
    status = instalment.status
    if status != "pending":
        return status
    if agreement.status is AgreementStatus.CANCELLED:
        return "cancelled"
    if agreement.status is AgreementStatus.BREACHED:
        return "void"
    if agreement.status in IN_FORCE and instalment.paid_amount >= instalment.amount:
        return "paid_ahead" if instalment.due_on > today else "paid"
    return status

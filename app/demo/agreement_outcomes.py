"""How the demo office's signed agreements ended, on the audit trail as the office's watch writes
it (app/agreements/watch.py): "agreement.completed" when the payments that count reached the
agreed amount, "agreement.breached" when an instalment fell due short — the system's entries
(no user), with the watch's fields, stamped when the office's watch saw it.

A completion is seen by the queue rebuild that posting the paying payment runs (or that the
signing runs, when the money was in before it); a breach by the day's first rebuild, when the
window opens the morning after the instalment fell due short (app/cases/daily.py)."""

from __future__ import annotations

import datetime as dt
import zlib
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agreements.common import counts_toward
from app.agreements.watch import judge_instalment, owed_on_schedule
from app.demo.context import OFFICE_ZONE, local_to_utc
from app.models import (
    Agreement,
    AgreementInstalment,
    AgreementStatus,
    Case,
    Loan,
    LoanStatus,
    Payment,
)

OPENING = 8 * 60 + 30  # the window opens between 08:30 and 09:00 (office time)
MINUTE = dt.timedelta(minutes=1)
ENDED = (AgreementStatus.COMPLETED, AgreementStatus.BREACHED)
# (when, number, action, changes)
Outcome = tuple[dt.datetime, str, str, dict[str, Any]]


def outcome_entries(
    session: Session, signed_at: dict[str, dt.datetime], latest: dt.datetime
) -> list[Outcome]:
    """The completed and breached agreements' entries; `signed_at`: each signing's entry time."""
    a, c, pay = Agreement, Case, Payment
    paid: dict[int, list[tuple[dt.date, int, dt.datetime]]] = defaultdict(list)
    credit: dict[int, int] = defaultdict(int)  # what those payments left as the loan's credit
    for aid, on, amount, posted, kept in session.execute(
        select(a.id, pay.paid_on, pay.amount, pay.created_at, pay.credit_amount)
        .join(c, c.id == a.case_id)
        .join(pay, (pay.loan_id == c.loan_id) & counts_toward(pay, a))
        .where(a.status.in_(ENDED))
        .order_by(a.id, pay.paid_on, pay.id)
    ):
        paid[aid].append((on, amount, _aware(posted)))
        credit[aid] += int(kept or 0)
    plans: dict[int, list[tuple[int, dt.date, int]]] = defaultdict(list)
    for aid, seq, due_on, amount in session.execute(
        select(
            AgreementInstalment.agreement_id,
            AgreementInstalment.seq,
            AgreementInstalment.due_on,
            AgreementInstalment.amount,
        )
        .join(a, a.id == AgreementInstalment.agreement_id)
        .where(a.status == AgreementStatus.BREACHED)
        .order_by(AgreementInstalment.agreement_id, AgreementInstalment.seq)
    ):
        plans[aid].append((seq, due_on, amount))
    entries: list[Outcome] = []
    for row in session.execute(
        select(
            a.id,
            a.agreement_no,
            a.status,
            a.settled_amount,
            a.waiver_amount,
            a.signed_on,
            c.case_no,
            c.loan_id,
            Loan.status,
        )
        .join(c, c.id == a.case_id)
        .join(Loan, Loan.id == c.loan_id)
        .where(a.status.in_(ENDED), a.signed_on.is_not(None))
        .order_by(a.id)
    ):
        aid, number, status, settled, waiver, signed_on, case_no, loan_id, loan_status = row
        signing = signed_at.get(number)
        if signing is None or signed_on is None:
            continue
        if status is AgreementStatus.COMPLETED:
            entry = _completed(number, case_no, settled, signed_on, signing, paid[aid])
            if entry is not None:  # what the watch adds (app/agreements/watch.py _completed)
                _settlement_fields(session, entry[2], credit[aid], waiver, loan_id, loan_status)
        else:
            entry = _breached(number, case_no, signing, paid[aid], plans[aid], loan_status)
        if entry is not None:
            at, action, changes = entry
            entries.append((min(at, latest), number, action, changes))
    return entries


def _completed(
    number: str,
    case_no: str,
    settled: int,
    signed_on: dt.date,
    signing: dt.datetime,
    payments: list[tuple[dt.date, int, dt.datetime]],
) -> tuple[dt.datetime, str, dict[str, Any]] | None:
    """Seen when the payment that reached the agreed amount was posted, not before the signing;
    `on` the day it was reached, not before the signing day."""
    total, posted = 0, signing
    for on, amount, at in payments:
        total += amount
        posted = max(posted, at)
        if total >= settled:
            finished = max(on, signed_on)
            day = posted.astimezone(OFFICE_ZONE).date()  # the rebuild's day
            so_far = sum(m for d, m, t in payments if d <= day and t <= posted)
            paid_toward = min(so_far, settled)  # not beyond the agreed amount, as the watch says
            changes = {"case": case_no, "paid": paid_toward, "on": finished.isoformat()}
            return posted, "agreement.completed", changes
    return None


def _settlement_fields(
    session: Session,
    changes: dict[str, Any],
    credit: int,
    waiver: int,
    loan_id: int,
    loan_status: LoanStatus,
) -> None:
    """The watch's completion fields beyond the payments: the credit they left, and the waiver
    written off as the loan settled (what its schedule still owed: the demo's settled loans keep
    it on their schedule, as the watch leaves it), or 0 where one was planned and the payments
    cleared the loan."""
    if credit:
        changes["credit"] = credit
    settled = loan_status in (LoanStatus.ACTIVE, LoanStatus.LEGAL, LoanStatus.SETTLED)
    owed = owed_on_schedule(session, loan_id) if settled else 0
    if owed or waiver:
        changes["waived"] = owed


def _breached(
    number: str,
    case_no: str,
    signing: dt.datetime,
    payments: list[tuple[dt.date, int, dt.datetime]],
    plan: list[tuple[int, dt.date, int]],
    loan_status: LoanStatus,
) -> tuple[dt.datetime, str, dict[str, Any]] | None:
    """Seen by the first rebuild of the day after an instalment fell due short."""
    before = 0
    for _seq, due, amount in plan:
        by_due = sum(m for d, m, _ in payments if d <= due)
        if judge_instalment(amount, before, by_due)[0] != "kept":
            day = due + dt.timedelta(days=1)
            opening = OPENING + zlib.crc32(number.encode()) % 30
            at = max(local_to_utc(day, opening), signing + MINUTE)
            short, owed = [], 0
            for seq_, due_, amount_ in plan:  # what the watch judges that morning
                if due_ < day:
                    kept = judge_instalment(
                        amount_, owed, sum(m for d, m, _ in payments if d <= due_)
                    )
                    if kept[0] != "kept":
                        short.append(seq_)
                owed += amount_
            so_far = sum(m for d, m, t in payments if d <= day and t <= at)
            changes: dict[str, Any] = {"case": case_no, "instalments": short, "paid": so_far}
            if loan_status is LoanStatus.LEGAL:  # the case goes on in legal (as the watch says)
                changes["back_to_legal"] = True
            return at, "agreement.breached", changes
        before += amount
    return None


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

"""The demo office's loans sent to legal (app/demo/payer.py) in the audit trail, as
app/loans/closure.py `decide` writes a real decision: a supervisor's "loan.legal" entry on the
loan, with the reason, the case, the status it had and what was still owed, written as it stood
before sealing, as the demo's other history (no borrower has a key yet: app/audit_seal.py). The
day is after the case's last contact attempt (the collection work ended there) and before the
build's day, on a working hour, and kept on the loan (`legal_at`); the amount is what the loan
still owes as built (a loan in legal still takes payments). Deterministic."""

from __future__ import annotations

import datetime as dt
import zlib
from typing import cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from app import audit
from app.demo.context import NO_LIMIT, local_to_utc
from app.models import Case, ContactAttempt, Loan, LoanStatus, User
from app.queries.borrowers import outstanding_by_loan
from app.roles import Role

LEGAL_REASONS = (
    "借款人长期拒不还款，经催收无果，移交律师事务所提起诉讼。",
    "借款人失联逾 120 天，电话和上门均无法联系，转法务处理。",
    "借款人名下有可执行财产但拒绝协商，转法务申请支付令。",
    "借款人对债务无异议但多次违约，转法务依法追收。",
)


def record_legal_decisions(session: Session, as_of: dt.date, latest: dt.datetime = NO_LIMIT) -> int:
    """The "loan.legal" entry of each loan the demo sent to legal, in time order; how many."""
    supervisors = list(
        session.scalars(select(User).where(User.role == Role.SUPERVISOR).order_by(User.id))
    )
    last_contact = (
        select(func.max(ContactAttempt.at))
        .where(ContactAttempt.case_id == Case.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Loan.id, Loan.loan_no, Case.case_no, Case.opened_on, last_contact)
        .join(Case, Case.loan_id == Loan.id)
        .where(Loan.status == LoanStatus.LEGAL, Case.closed_on.is_(None))
        .order_by(Loan.id)
    ).all()
    owed = outstanding_by_loan(session, [row[0] for row in rows])
    entries = []
    for loan_id, loan_no, case_no, opened_on, contacted in rows:
        draw = zlib.crc32(loan_no.encode())
        after = _day(contacted) if contacted is not None else opened_on
        room = max((as_of - after).days - 1, 0)
        day = after + dt.timedelta(days=1 + draw % min(room, 14)) if room else as_of
        at = min(local_to_utc(day, 600 + draw % 420), latest)
        changes = {
            "reason": LEGAL_REASONS[draw % len(LEGAL_REASONS)],
            "case": case_no,
            "was": LoanStatus.ACTIVE.value,
            "outstanding": owed.get(loan_id, 0),
        }
        who = supervisors[draw % len(supervisors)] if supervisors else None
        entries.append((at, loan_no, who, changes))
    entries.sort(key=lambda e: (e[0], e[1]))
    if entries:  # as `decide` keeps it: when each loan went to legal (app/compliance/back_dated.py)
        loan = cast(Table, Loan.__table__)
        session.connection().execute(
            update(loan)
            .where(loan.c.loan_no == bindparam("b_no"))
            .values(legal_at=bindparam("b_at"), legal_ended_at=None),
            [{"b_no": loan_no, "b_at": at} for at, loan_no, _who, _changes in entries],
        )
    return audit.record_many(
        session,
        (
            (who, "loan.legal", "loan", loan_no, changes, at)
            for at, loan_no, who, changes in entries
        ),
    )


def _day(value: object) -> dt.date:
    """The Shanghai day of a stored time (SQLite gives it naive, in UTC)."""
    at = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return (at + dt.timedelta(hours=8)).date()

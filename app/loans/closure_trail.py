"""The supervisor's decisions on a loan (app/loans/closure.py) as the case's story reads them
from the audit trail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit_seal import Opener
from app.loans.closure import ACTION
from app.models import Case, Loan


def decisions_of(
    session: Session, case: Case, lang: str | None = None
) -> list[tuple[dt.datetime, str, int | None, dict]]:
    """(when, audit action, who, what was recorded) of the decisions taken on this case, the
    reason opened with the borrower's key (or "(erased)" in `lang`)."""
    from app.models import AuditEntry

    loan_no = session.scalar(select(Loan.loan_no).where(Loan.id == case.loan_id))
    rows = session.execute(
        select(AuditEntry.at, AuditEntry.action, AuditEntry.user_id, AuditEntry.changes).where(
            AuditEntry.entity == "loan",
            AuditEntry.entity_id == loan_no,
            AuditEntry.action.in_(list(ACTION.values())),
        )
    )
    opener = Opener(session, lang)
    return [
        (at, action, who, opener.open(changes))
        for at, action, who, changes in rows
        if changes and case.case_no in (changes.get("case"), changes.get("new_case"))
    ]

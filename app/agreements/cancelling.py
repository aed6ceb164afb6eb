"""Cancelling a repayment agreement. Who may (maker-checker, as approval is) is
app/agreements/common.py cancel_refusal, which sign's refusals also read:

- a draft: anyone who may draft agreements on the case (an agent cancels a draft on their case);
- approved by a supervisor or an admin: only a supervisor or an admin — what a checker let
  through is not undone by the maker alone;
- approved by an agent (a waiver within the office's threshold is within an agent's authority,
  app/agreements/lifecycle.py): anyone who may draft on the case, as for the draft it was;
- signed or active: only a supervisor or an admin (the borrower has signed the terms).

Recording a signing stays an agent's (they are with the borrower). A refusal is raised before
anything is written, as every permission refusal is; a cancellation is audited with the status
it had ("was").
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.agreements.closing import closed_reason
from app.agreements.common import (
    FINISHED,
    IN_FORCE,
    cancel_refusal,
    check_version,
    find_agreement,
    status_label,
)
from app.agreements.lifecycle import _refresh_case, cancel_reason_text
from app.audit_seal import case_borrower, open_changes, personal
from app.auth import Permission, require
from app.concurrency import saving
from app.errors import ValidationError
from app.i18n import tr
from app.models import Agreement, AgreementStatus, User
from app.office import office_today


def cancel(
    session: Session,
    user: User,
    agreement_no: str,
    reason: str,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Agreement:
    """Cancel an agreement with a written reason; what a supervisor approved, and signed terms,
    only by a supervisor or admin (cancel_refusal)."""
    require(user, Permission.DRAFT_AGREEMENTS)
    agreement = find_agreement(session, user, agreement_no)
    if agreement.status is AgreementStatus.CANCELLED:
        raise ValidationError(
            "Agreement {number} is already cancelled.", number=agreement.agreement_no
        )
    if agreement.status in FINISHED:
        raise ValidationError(
            "Agreement {number} is {status}; it cannot be cancelled.",
            number=agreement.agreement_no,
            status=status_label(agreement),
        )
    refusal = cancel_refusal(session, user, agreement)
    if refusal is not None:
        raise refusal
    check_version(session, agreement, expected_version)
    clean = cancel_reason_text(reason)
    old_status = agreement.status.value
    signed = agreement.status in IN_FORCE
    with saving(session, "Agreement", agreement.agreement_no):
        agreement.status = AgreementStatus.CANCELLED
    audit.record(
        session,
        user,
        "agreement.cancel",
        "agreement",
        agreement.agreement_no,
        {
            "reason": personal(session, case_borrower(session, agreement.case_id), clean),
            "was": old_status,
        },
    )
    if signed:
        _refresh_case(session, agreement, today or office_today(session), user)
    return agreement


def cancelled_by(session: Session, agreement_no: str) -> int | None:
    """Who cancelled the agreement by hand (from the audit trail); None when superseded."""
    from app.models import AuditEntry

    return session.scalar(
        select(AuditEntry.user_id)
        .where(
            AuditEntry.entity == "agreement",
            AuditEntry.entity_id == agreement_no,
            AuditEntry.action == "agreement.cancel",
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )


def cancel_reason(session: Session, agreement_no: str) -> str | None:
    """The written reason of the agreement's cancellation (from the audit trail), if any."""
    from app.models import AuditEntry

    changes = session.scalar(
        select(AuditEntry.changes)
        .where(
            AuditEntry.entity == "agreement",
            AuditEntry.entity_id == agreement_no,
            AuditEntry.action.in_(["agreement.cancel", "agreement.superseded"]),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if not changes:
        return None
    changes = open_changes(session, changes)  # the reason is sealed with the borrower's key
    if "by" in changes:
        return tr("Superseded by {number}.", number=changes["by"])
    if "loan_closed" in changes:  # cancelled with its loan (app/agreements/closing.py)
        return closed_reason(changes)
    return str(changes.get("reason") or "") or None

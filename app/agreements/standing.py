"""An approval that no longer covers its waiver (QA s47 #3). An agent, or a drafter on their own
draft, makes an agreement ready for signing only while its waiver is within the office's
threshold (lifecycle.approval_refusal). When an admin lowers the threshold below the waiver of
such an agreement not yet signed, its approval lapses: the change of the setting puts it back
to a draft, one "agreement.approval_lapsed" entry each by whoever changed it, so it waits on
the approvals list for a supervisor (app/queries/approvals.py) and signing it is refused until
one approves it. Signing checks it again, as it checks the debt (`check_approval_holds`), and
the window's Record signing says why it is off (`sign_blocker`). An approval by a supervisor or
an admin other than the drafter stands whatever the threshold becomes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.agreements.common import require_open_case, waiver_threshold
from app.agreements.readiness import agreement_made_ready
from app.concurrency import saving
from app.errors import ValidationError
from app.models import Agreement, AgreementStatus, User
from app.money import fmt


def approval_lapsed(session: Session, agreement: Agreement, threshold: int) -> bool:
    """Whether the agreement is approved on an approval that did not need a supervisor, while
    its waiver is now above `threshold`."""
    return (
        agreement.status is AgreementStatus.APPROVED
        and agreement.waiver_amount > threshold
        and agreement_made_ready(session, agreement)
    )


def check_approval_holds(session: Session, agreement: Agreement) -> None:
    """Refuse to sign an agreement whose approval the threshold in force no longer covers."""
    threshold = waiver_threshold(session)
    if approval_lapsed(session, agreement, threshold):
        raise ValidationError(
            "The office's waiver threshold is now {threshold}, below agreement {number}'s "
            "waiver of {waiver}: a supervisor must approve it now before it is signed.",
            threshold=fmt(threshold),
            number=agreement.agreement_no,
            waiver=fmt(agreement.waiver_amount),
        )


def sign_blocker(session: Session, user: User, agreement: Agreement, today: dt.date) -> str | None:
    """Why an approved agreement cannot be signed now, in words (Record signing's tool tip), or
    None: its case closed, its approval lapsed, or its debt moved (as `sign` checks them)."""
    from app.agreements.lifecycle import check_debt  # lifecycle's sign calls this module

    try:
        require_open_case(session, agreement)
        check_approval_holds(session, agreement)
        check_debt(session, agreement, today, user)
    except ValidationError as refused:
        return refused.translated()
    return None


def lapse_approvals(session: Session, actor: User | None, threshold: int) -> tuple[str, ...]:
    """Put back to draft every agreement whose approval the new `threshold` no longer covers,
    auditing each (by `actor`, who lowered it); returns their numbers."""
    candidates = session.scalars(
        select(Agreement)
        .where(
            Agreement.status == AgreementStatus.APPROVED,
            Agreement.waiver_amount > threshold,
        )
        .order_by(Agreement.id)
    ).all()
    lapsed = [a for a in candidates if approval_lapsed(session, a, threshold)]
    for agreement in lapsed:
        approver = agreement.approved_by_id
        with saving(session, "Agreement", agreement.agreement_no):
            agreement.status = AgreementStatus.DRAFT
            agreement.approved_by_id = None
            agreement.approved_at = None
        audit.record(
            session,
            actor,
            "agreement.approval_lapsed",
            "agreement",
            agreement.agreement_no,
            {
                "waiver": agreement.waiver_amount,
                "threshold": threshold,
                "approved_by": approver,
            },
        )
    return tuple(a.agreement_no for a in lapsed)

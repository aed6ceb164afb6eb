"""Repayment agreements after drafting: approve, sign (superseding the agreement in force); who
may cancel one is app/agreements/cancelling.py. A signed agreement's terms never change; a new
agreement supersedes it.

Approval: a waiver at or below the office's threshold is within the drafting agent's authority,
so anyone who may draft may issue it; a bigger waiver needs a supervisor or admin who did not
draft it (four eyes on money given away).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, settings
from app.agreements.common import (
    FINISHED,
    IN_FORCE,
    IN_PROGRESS,
    WHAT,
    agreement_number,
    cancel_refusal,
    check_version,
    clean_text,
    find_agreement,
    require_open_case,
    status_label,
    status_phrase,
    waiver_threshold,
)
from app.agreements.draft_changes import edit_draft
from app.agreements.drafting import DraftTerms, draft_plan, draft_settlement, draft_terms
from app.agreements.plan import PlanRow, check_plan
from app.agreements.readiness import agreement_made_ready
from app.agreements.sign_first import NotApprovedYet, not_approved_yet
from app.agreements.standing import check_approval_holds
from app.auth import Permission, can, require
from app.cases.delinquency import loan_position
from app.concurrency import saving
from app.errors import PermissionDenied, ValidationError
from app.models import Agreement, AgreementStatus, Case, User
from app.models.base import utcnow
from app.money import fmt
from app.office import office_day, office_today
from app.reasons import refuse_short

__all__ = [
    "FINISHED",
    "IN_FORCE",
    "IN_PROGRESS",
    "WHAT",
    "DraftTerms",
    "agreement_number",
    "approval_refusal",
    "approve",
    "needs_approval",
    "cancel_reason_text",
    "draft_plan",
    "draft_settlement",
    "draft_terms",
    "edit_draft",
    "find_agreement",
    "sign",
    "waiver_threshold",
]


def in_force_beside(session: Session, agreement: Agreement) -> Agreement | None:
    """The case's signed agreement that this one would replace once signed, if any."""
    return session.scalar(
        select(Agreement).where(
            Agreement.case_id == agreement.case_id,
            Agreement.status.in_(IN_FORCE),
            Agreement.id != agreement.id,
        )
    )


def needs_approval(agreement: Agreement, threshold: int, replaces: Agreement | None = None) -> bool:
    """Whether the draft waits for a supervisor's approval: a waiver above the threshold, or terms
    that would replace signed ones (`replaces`). Any other draft is within its drafter's authority:
    `approve` then only fixes its terms for printing and signing ("Ready for signing")."""
    return agreement.waiver_amount > threshold or replaces is not None


def approval_refusal(
    user: User, agreement: Agreement, threshold: int, replaces: Agreement | None = None
) -> PermissionDenied | None:
    """Why `user` may not approve the agreement, or None when they may: one that would replace
    signed terms (`replaces`) takes a supervisor or admin, as cancelling those terms does; a
    waiver above the threshold takes a supervisor or admin other than its drafter."""
    if replaces is not None and not can(user, Permission.APPROVE_AGREEMENTS):
        return PermissionDenied(
            "Agreement {number} would replace {old}, which is signed: only a supervisor or an "
            "admin may approve it.",
            number=agreement.agreement_no,
            old=replaces.agreement_no,
        )
    if agreement.waiver_amount <= threshold:
        return None
    if not can(user, Permission.APPROVE_AGREEMENTS):
        return PermissionDenied(
            "A waiver of {waiver} is above {threshold}: a supervisor must approve it.",
            waiver=fmt(agreement.waiver_amount),
            threshold=fmt(threshold),
        )
    if agreement.drafted_by_id == user.id:
        return PermissionDenied(
            "You drafted agreement {number}; a waiver above {threshold} needs another "
            "supervisor's approval.",
            number=agreement.agreement_no,
            threshold=fmt(threshold),
        )
    return None


def check_terms_hold(session: Session, agreement: Agreement, today: dt.date) -> None:
    """A draft's terms as approve takes them: the debt still the loan's, the plan still adding
    up and not starting in the past (the Agreements page asks it to say why Approve is off)."""
    check_debt(session, agreement, today)
    check_plan(
        [PlanRow(i.due_on, i.amount) for i in agreement.instalments],
        agreement.settled_amount,
        today,
    )


def check_debt(
    session: Session, agreement: Agreement, today: dt.date, user: User | None = None
) -> None:
    """Refuse to go on with an agreement whose debt is no longer what the loan owes: a payment
    (or a charge) since the drafting would be lost to its plan, and the printed terms would bind
    the borrower to a debt they no longer have. Told to `user`, an agent who may not cancel what
    a supervisor approved is told to ask one (common.cancel_refusal)."""
    case = session.get(Case, agreement.case_id)
    assert case is not None  # an agreement's case is never deleted
    owed = loan_position(session, case.loan_id, today).outstanding
    if owed != agreement.debt_amount and agreement.status is AgreementStatus.DRAFT:
        # A draft is edited: any edit saves its terms on today's debt (edit_draft), QA s44 #2.
        raise ValidationError(
            "Loan {loan_no} now owes {owed}, not the {debt} draft {number} was drafted on (a "
            "payment or a charge came since); edit it first: saved, its terms settle {owed}.",
            loan_no=case.loan.loan_no,
            owed=fmt(owed),
            debt=fmt(agreement.debt_amount),
            number=agreement.agreement_no,
        )
    if owed != agreement.debt_amount:
        ask = user is not None and cancel_refusal(session, user, agreement) is not None
        raise ValidationError(
            "Loan {loan_no} now owes {owed}, not the {debt} agreement {number} was drafted on "
            "(a payment or a charge came since); ask a supervisor to cancel it, then draft a "
            "new one."
            if ask
            else "Loan {loan_no} now owes {owed}, not the {debt} agreement {number} was drafted "
            "on (a payment or a charge came since); cancel it and draft a new one.",
            loan_no=case.loan.loan_no,
            owed=fmt(owed),
            debt=fmt(agreement.debt_amount),
            number=agreement.agreement_no,
        )


def approve(
    session: Session,
    user: User,
    agreement_no: str,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Agreement:
    """Approve a draft so it can be printed for signing; a waiver above the threshold needs a
    supervisor or admin other than its drafter."""
    require(user, Permission.DRAFT_AGREEMENTS)
    today = today or office_today(session)
    agreement = find_agreement(session, user, agreement_no)
    if agreement.status is not AgreementStatus.DRAFT:
        raise ValidationError(
            "Agreement {number} is {status}; only a draft can be approved.",
            number=agreement.agreement_no,
            status=status_label(agreement),
        )
    require_open_case(session, agreement)
    check_version(session, agreement, expected_version)
    threshold = waiver_threshold(session)
    refusal = approval_refusal(user, agreement, threshold, in_force_beside(session, agreement))
    if refusal is not None:
        raise refusal
    check_terms_hold(session, agreement, today)
    with saving(session, "Agreement", agreement.agreement_no):
        agreement.status = AgreementStatus.APPROVED
        agreement.approved_by_id = user.id
        agreement.approved_at = utcnow()
    audit.record(
        session,
        user,
        "agreement.approve",
        "agreement",
        agreement.agreement_no,
        {"waiver": agreement.waiver_amount, "threshold": threshold},
    )
    return agreement


def _refresh_case(
    session: Session, agreement: Agreement, as_of: dt.date, by: User | None = None
) -> None:
    """Bring the agreement's case up to date (status AGREEMENT, or back to the queue); a case
    it closes as cured has its unsigned agreements cancelled by `by`."""
    from app.cases.rebuild import rebuild_queue  # the rebuild watches agreements in turn

    case = session.get(Case, agreement.case_id)
    if case is None:
        return
    as_of = max(as_of, settings.as_of(session))
    rebuild_queue(session, None, as_of, loan_ids=[case.loan_id], closed_by=by)
    session.expire(case)
    session.expire(agreement)


def check_signing_day(
    session: Session, agreement: Agreement, signed_on: dt.date, today: dt.date
) -> None:
    """Refuse a signing day the agreement cannot have: in the future, before the drafting or the
    approval, or after its first payment fell due (the window asks again with the reason)."""
    if signed_on > today:
        raise ValidationError(
            "An agreement cannot be signed in the future: {date}.", date=signed_on
        )
    # On the office's clock, as `today` and every other date: this computer's may be a day
    # behind it (a computer on UTC from 16:00), which would let a signing predate the drafting.
    drafted = office_day(session, agreement.created_at)
    if signed_on < drafted:
        raise ValidationError(
            "An agreement cannot be signed before it was drafted ({date}).", date=drafted
        )
    if agreement.approved_at is not None:  # nor before its approval: the terms were not final
        # An approval stamped after `today` (a run told an earlier day) counts from that day.
        approved = min(office_day(session, agreement.approved_at), today)
        if signed_on < approved:
            raise ValidationError(
                "An agreement cannot be signed before it was made ready for signing ({date})."
                if agreement_made_ready(session, agreement)
                else "An agreement cannot be signed before it was approved ({date}).",
                date=approved,
            )
    first_due = agreement.instalments[0].due_on
    if first_due < signed_on:
        raise ValidationError(
            "The first payment fell due on {date}, before the signing; cancel this agreement "
            "and draft a new one.",
            date=first_due,
        )


def check_signing(session: Session, user: User, agreement_no: str, signed_on: dt.date) -> None:
    """Refuse, as `sign` would, a day the agreement cannot have been signed on: asked before
    signing, so the window asks again rather than failing after the question."""
    agreement = find_agreement(session, user, agreement_no)
    check_signing_day(session, agreement, signed_on, office_today(session))


def sign(
    session: Session,
    user: User,
    agreement_no: str,
    signed_on: dt.date,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Agreement:
    """Record that both parties signed an approved agreement on `signed_on`; it supersedes the
    case's agreement in force, and its instalments are watched from then on."""
    require(user, Permission.DRAFT_AGREEMENTS)
    today = today or office_today(session)
    agreement = find_agreement(session, user, agreement_no)
    if agreement.status is AgreementStatus.DRAFT:
        raise sign_refusal(session, user, agreement)
    if agreement.status is not AgreementStatus.APPROVED:
        raise ValidationError(
            "Agreement {number} is {status}; only an approved agreement can be signed.",
            number=agreement.agreement_no,
            status=status_phrase(agreement.status),
        )
    require_open_case(session, agreement)
    check_version(session, agreement, expected_version)
    check_approval_holds(session, agreement)  # the threshold in force, as the debt is
    check_signing_day(session, agreement, signed_on, today)
    check_debt(session, agreement, today, user)
    replaced = session.scalars(
        select(Agreement).where(
            Agreement.case_id == agreement.case_id,
            Agreement.status.in_(IN_FORCE),
            Agreement.id != agreement.id,
        )
    ).all()
    approver = session.get(User, agreement.approved_by_id) if agreement.approved_by_id else None
    if replaced and not any(
        u is not None and can(u, Permission.APPROVE_AGREEMENTS) for u in (user, approver)
    ):  # approved before the terms it now replaces were signed
        raise PermissionDenied(
            "Agreement {number} would replace {old}, which is signed: only a supervisor or an "
            "admin may sign it.",
            number=agreement.agreement_no,
            old=replaced[0].agreement_no,
        )
    for old in replaced:
        with saving(session, "Agreement", old.agreement_no):
            old.status = AgreementStatus.CANCELLED
        audit.record(
            session,
            user,
            "agreement.superseded",
            "agreement",
            old.agreement_no,
            {"by": agreement.agreement_no},
        )
    with saving(session, "Agreement", agreement.agreement_no):
        agreement.status = AgreementStatus.SIGNED
        agreement.signed_on = signed_on
        # What it replaces now: the agreement in force when it was drafted may have been
        # cancelled since, on its own day (outcome.ended_on reads this link).
        agreement.supersedes_id = replaced[0].id if replaced else None
    audit.record(
        session,
        user,
        "agreement.sign",
        "agreement",
        agreement.agreement_no,
        {
            "signed_on": signed_on.isoformat(),
            "supersedes": [old.agreement_no for old in replaced],
        },
    )
    _refresh_case(session, agreement, today, user)
    return agreement


def sign_refusal(session: Session, user: User, agreement: Agreement) -> NotApprovedYet:
    """Why the draft cannot be signed, saying what `user` does next: approve it, make it ready
    for signing, or ask a supervisor (as `approve` would judge it)."""
    threshold = waiver_threshold(session)
    replaces = in_force_beside(session, agreement)
    refusal = approval_refusal(user, agreement, threshold, replaces)
    needed = needs_approval(agreement, threshold, replaces)
    return not_approved_yet(user, agreement, needed, refusal)


def cancel_reason_text(reason: str | None) -> str:
    """A cancellation's written reason as kept, or why it is refused: none given, or too long
    (the window asks again with what was typed)."""
    clean = (reason or "").strip()
    if not clean:
        raise ValidationError("Cancelling an agreement needs a reason.")
    clean = clean_text(clean, "cancel")
    refuse_short(clean)
    return clean

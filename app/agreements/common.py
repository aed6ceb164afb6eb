"""What the agreement use cases share: the status groups, numbers, lookup with the case's
visibility rule, the optimistic-lock check, the office's waiver threshold, and who may cancel
an agreement (app/agreements/cancelling.py cancels)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import settings
from app.auth import Permission, can
from app.concurrency import stale
from app.errors import NotFound, PermissionDenied, ValidationError
from app.i18n import tr
from app.labels import AGREEMENT_STATUS, label
from app.models import Agreement, AgreementStatus, Case, CaseStatus, Payment, User
from app.roles import role_may
from app.typed_number import number_key

WHAT = {
    "reason": "stated reason",
    "capacity": "stated capacity",
    "cancel": "reason for cancelling",
}
IN_PROGRESS = (AgreementStatus.DRAFT, AgreementStatus.APPROVED)
IN_FORCE = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)
FINISHED = (AgreementStatus.COMPLETED, AgreementStatus.BREACHED, AgreementStatus.CANCELLED)


def counts_toward(payment: type[Payment], agreement: type[Agreement]) -> Any:
    """SQL: the payment counts toward the agreement — it was recorded after the agreement's debt
    was taken (its drafting, or the edit that moved a draft to a lower debt: QA saw a payment
    both off the debt and paid toward the plan), whatever day it is dated. The debt the
    agreement settles had every payment recorded before then taken off (check_debt holds it to
    that until the signing), so one posted earlier, even dated the signing day, is not paid
    again under it; one recorded later is money the borrower paid since, though a bank
    statement may date it before the signing."""
    return payment.created_at > func.coalesce(agreement.debt_taken_at, agreement.created_at)


def status_label(agreement: Agreement) -> str:
    return label(AGREEMENT_STATUS, agreement.status)


def status_phrase(status: AgreementStatus) -> str:
    """The status as "Agreement AG-… is {status}" says it: "a draft", else its label."""
    return tr("a draft") if status is AgreementStatus.DRAFT else label(AGREEMENT_STATUS, status)


def agreement_number(year: int, n: int) -> str:
    return f"AG-{year}-{n:06d}"


def find_agreement(session: Session, user: User, agreement_no: str) -> Agreement:
    """The agreement, if the user may see its case (agents: only their assigned cases)."""
    agreement = session.scalar(
        select(Agreement).where(Agreement.agreement_no == number_key(agreement_no))
    )
    if agreement is None:
        raise NotFound("Unknown agreement {number}.", number=agreement_no)
    case = session.get(Case, agreement.case_id)
    if (
        case is not None
        and not can(user, Permission.VIEW_ALL_CASES)
        and case.assigned_agent_id != user.id
    ):
        raise PermissionDenied(
            "{user} may open only the cases assigned to them; {case} is not.",
            user=user.username,
            case=case.case_no,
        )
    return agreement


def require_open_case(session: Session, agreement: Agreement) -> None:
    """Refuse to edit, approve or sign an agreement whose case is closed: the case closing ends
    its unsigned agreements (app/agreements/closing.py); one left over must not be signed into
    terms no queue watches (QA s47 #1)."""
    case = session.get(Case, agreement.case_id)
    if case is not None and case.status is CaseStatus.CLOSED:
        raise ValidationError(
            "Case {case} is closed; agreement {number} can no longer be edited, approved or "
            "signed. Cancel it.",
            case=case.case_no,
            number=agreement.agreement_no,
        )


def check_version(session: Session, agreement: Agreement, expected: int | None) -> None:
    if expected is not None and expected != agreement.version:
        raise stale(session, "Agreement", agreement.agreement_no)


def clean_text(value: str | None, what: str) -> str:
    clean = (value or "").strip()
    if len(clean) > 2000:
        raise ValidationError(
            "The {what} is too long (at most 2,000 characters).", what=tr(WHAT[what])
        )
    return clean


def waiver_threshold(session: Session) -> int:
    return int(settings.get(session, "agreement.waiver_approval_threshold"))


def approved_by_checker(session: Session, agreement: Agreement) -> User | None:
    """The supervisor or admin who approved the agreement, or None when an agent did (their
    role as it is now: the approval recorded no role)."""
    if agreement.approved_by_id is None:
        return None
    approver = session.get(User, agreement.approved_by_id)
    if approver is None or not role_may(approver.role, Permission.APPROVE_AGREEMENTS):
        return None
    return approver


def cancel_refusal(session: Session, user: User, agreement: Agreement) -> PermissionDenied | None:
    """Why `user` may not cancel the agreement as its status stands, or None when they may (a
    finished agreement is refused by `cancel` for its status, not here). The Agreements page
    shows it as Cancel agreement…'s tool tip; `cancel` raises it."""
    if can(user, Permission.APPROVE_AGREEMENTS):
        return None
    if agreement.status in IN_FORCE:
        return PermissionDenied(
            "Agreement {number} is signed: only a supervisor or an admin may cancel it.",
            number=agreement.agreement_no,
        )
    if agreement.status is AgreementStatus.APPROVED:
        approver = approved_by_checker(session, agreement)
        if approver is not None:
            return PermissionDenied(
                "Agreement {number} was approved by {name}: only a supervisor or an admin may "
                "cancel it.",
                number=agreement.agreement_no,
                name=approver.display_name,
            )
    return None

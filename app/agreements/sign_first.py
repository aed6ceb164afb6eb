"""Why a draft cannot be signed yet, and what this user does next (found by QA: "only an
approved agreement can be signed" left an agent whose own draft needed no supervisor guessing):
make it ready for signing, approve it, or ask a supervisor (another one, for their own draft
with a waiver above the threshold). The words name the window's buttons; the CLI says its
commands (app/cli/agreement_next_step.py)."""

from __future__ import annotations

from app.agreements.readiness import would_make_ready
from app.auth import Permission, can
from app.errors import CasedeskError, ValidationError
from app.i18n import Words
from app.models import Agreement, User

APPROVE, READY, SUPERVISOR, OTHER_SUPERVISOR = "approve", "ready", "supervisor", "other"
SIGN_FIRST = {
    APPROVE: "Agreement {number} is {status}; only an approved agreement can be signed. Approve "
    "it first (the Approve button), then record the signing.",
    READY: "Agreement {number} is {status}; it can be signed once it is ready for signing. Make "
    "it ready first (the Ready for signing button; no supervisor's approval is needed), then "
    "record the signing.",
    SUPERVISOR: "Agreement {number} is {status}; only an approved agreement can be signed, and "
    "a supervisor must approve it: ask one to, then record the signing.",
    OTHER_SUPERVISOR: "Agreement {number} is {status}; only an approved agreement can be signed. "
    "You drafted it and its waiver is above the office's threshold: ask another supervisor to "
    "approve it, then record the signing.",
}


class NotApprovedYet(ValidationError):
    """`sign` refused on a draft, saying this user's next step; `step` (APPROVE, READY,
    SUPERVISOR, OTHER_SUPERVISOR) and `agreement_no` let the CLI say it with its commands."""

    def __init__(self, agreement_no: str, step: str) -> None:
        # "a draft" in the reader's language whenever it is read (the window's, the CLI's).
        super().__init__(SIGN_FIRST[step], number=agreement_no, status=Words("a draft"))
        self.agreement_no = agreement_no
        self.step = step


def not_approved_yet(
    user: User, agreement: Agreement, needed: bool, refusal: CasedeskError | None
) -> NotApprovedYet:
    """The refusal of signing the draft: `needed`, it waits for a supervisor's approval;
    `refusal`, why `user` may not approve it (lifecycle.approval_refusal), None when they may."""
    if refusal is not None:
        mine = can(user, Permission.APPROVE_AGREEMENTS)  # a checker refused: their own draft
        return NotApprovedYet(agreement.agreement_no, OTHER_SUPERVISOR if mine else SUPERVISOR)
    ready = would_make_ready(user, agreement.drafted_by_id, needed, False)
    return NotApprovedYet(agreement.agreement_no, READY if ready else APPROVE)

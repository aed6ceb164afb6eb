"""What `casedesk agreement print --signed` says to run instead when the agreement is not signed
yet: the core's refusal (app/agreements/document.py NotSignedYet) with the commands."""

from __future__ import annotations

from app.agreements.document import NotSignedYet
from app.agreements.sign_first import APPROVE, READY, NotApprovedYet
from app.errors import CasedeskError, ValidationError
from app.models import AgreementStatus

# What to run instead of `print --signed`, by the agreement's status (the core's words name no
# command: app/agreements/document.py).
CLI_NEXT_STEP = {
    AgreementStatus.DRAFT: "Agreement {number} is {status}; only a signed agreement prints as "
    "signed. Print it without --signed for a copy to sign, or have it approved and record the "
    "signing first: casedesk agreement approve {number}, then casedesk agreement sign {number}.",
    AgreementStatus.APPROVED: "Agreement {number} is {status}; only a signed agreement prints as "
    "signed. Print it without --signed for a copy to sign, or record the signing first: "
    "casedesk agreement sign {number}.",
}


CLI_READY_NEXT_STEP = (
    "Agreement {number} is {status}; only a signed agreement prints as signed. Print it without "
    "--signed for a copy to sign, or make it ready for signing and record the signing first: "
    "casedesk agreement approve {number}, then casedesk agreement sign {number}."
)


# A draft that needs a supervisor's approval, asked of by one who may not approve: no command
# they may not run (QA s44 #6).
CLI_SUPERVISOR_NEXT_STEP = (
    "Agreement {number} is {status}; only a signed agreement prints as signed. Print it without "
    "--signed for a copy to sign; a supervisor must approve it, then record the signing: "
    "casedesk agreement sign {number}."
)


def not_signed_yet(refused: NotSignedYet, may_approve: bool = True) -> CasedeskError:
    """The core's refusal of a signed copy, with the commands that do what it says (a draft
    within its drafter's authority is made ready for signing, not approved; one that needs a
    supervisor's approval is theirs to approve, not the agent's who asks)."""
    message = CLI_NEXT_STEP.get(refused.status)
    if message is None:
        return refused
    if refused.status is AgreementStatus.DRAFT and refused.ready:
        message = CLI_READY_NEXT_STEP
    elif refused.status is AgreementStatus.DRAFT and not may_approve:
        message = CLI_SUPERVISOR_NEXT_STEP
    return ValidationError(message, **refused.params)


# What to run before `sign` on a draft this user may approve (the core's words name the window's
# buttons: app/agreements/sign_first.py); one a supervisor must approve names no command.
CLI_SIGN_FIRST = {
    APPROVE: "Agreement {number} is {status}; only an approved agreement can be signed. Approve "
    "it first: casedesk agreement approve {number}, then casedesk agreement sign {number}.",
    READY: "Agreement {number} is {status}; it can be signed once it is ready for signing. Make "
    "it ready first (no supervisor's approval is needed): casedesk agreement approve {number}, "
    "then casedesk agreement sign {number}.",
}


def sign_first(refused: NotApprovedYet) -> CasedeskError:
    """The core's refusal of signing a draft, with the commands that do what it says."""
    message = CLI_SIGN_FIRST.get(refused.step)
    return refused if message is None else ValidationError(message, **refused.params)

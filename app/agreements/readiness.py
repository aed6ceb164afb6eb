"""Approved, or made ready for signing: the same step (`approve`, draft → approved) read as what
happened. A supervisor or admin who fixes someone else's draft approves it (the checker of a
maker-checker pair); a drafter who fixes their own draft, or an agent who fixes one within the
office's threshold, only makes it ready for signing. Told from what is stored — who drafted,
who approved and the approver's role as it is now (the approval recorded no role), as
common.approved_by_checker reads it — so no migration is needed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import Session

from app.auth import Permission, can
from app.i18n import tr
from app.labels import AGREEMENT_STATUS, label
from app.models import Agreement, User
from app.roles import PERMISSIONS, role_may

# The status filter's choice beside the stored statuses (the list, `agreement list --status`):
# approved ones made ready for signing; "approved" then lists those a supervisor approved.
READY = "ready"


def made_ready(approver_id: int | None, drafter_id: int | None, approver_role: object) -> bool:
    """Whether an approval on record made the agreement ready for signing rather than approved."""
    if approver_id is None or approver_role is None:
        return approver_id is not None and approver_id == drafter_id
    role = str(getattr(approver_role, "value", approver_role))
    return approver_id == drafter_id or not role_may(role, Permission.APPROVE_AGREEMENTS)


def made_ready_sql(approver: Any) -> ColumnElement[bool]:
    """made_ready in SQL, for a query with `approver` (an aliased User) outer-joined on the
    agreement's approver: never NULL, so its negation holds the approved ones."""
    a = Agreement
    return approval_made_ready_sql(a.approved_by_id, a.drafted_by_id, approver.role)


def approval_made_ready_sql(
    approver_id: Any, drafter_id: Any, approver_role: Any
) -> ColumnElement[bool]:
    """made_ready in SQL over columns: who approved (an agreement's approver, or an audit entry's
    user), who drafted, the approver's role (NULL where no account was joined). Never NULL."""
    checkers = list(PERMISSIONS[Permission.APPROVE_AGREEMENTS])
    return and_(
        approver_id.is_not(None),
        or_(
            and_(drafter_id.is_not(None), approver_id == drafter_id),
            and_(approver_role.is_not(None), approver_role.not_in(checkers)),
        ),
    )


def agreement_made_ready(session: Session, agreement: Agreement) -> bool:
    """Whether the agreement's approval on record made it ready for signing (made_ready)."""
    if agreement.approved_by_id is None:
        return False
    approver = session.get(User, agreement.approved_by_id)
    role = approver.role if approver is not None else None
    return made_ready(agreement.approved_by_id, agreement.drafted_by_id, role)


def would_make_ready(user: User, drafter_id: int | None, needed: bool, refused: bool) -> bool:
    """Whether `user`'s approve would make the draft ready for signing (the button's words): not
    when they may not and it waits for a supervisor ("Approve", greyed, says why)."""
    if needed and refused:
        return False
    return user.id == drafter_id or not can(user, Permission.APPROVE_AGREEMENTS)


def status_words(status: object, ready: bool, lang: str | None = None) -> str:
    """The agreement's status as said: "ready for signing" for an approved one made ready."""
    key = str(getattr(status, "value", status))
    if key == "approved" and ready:
        return tr("ready for signing", lang)
    return label(AGREEMENT_STATUS, key, lang)

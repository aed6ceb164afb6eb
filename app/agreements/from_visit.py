"""Drafting from a visit's outcome: what the borrower said at a completed home visit (the reason
for default, their capacity to pay, what was proposed) becomes the starting point of a draft
agreement on the visit's case, and the draft names the visit it came from."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.auth import Permission, require
from app.errors import ValidationError
from app.i18n import tr
from app.labels import DEFAULT_REASON, VISIT_STATUS, capital, label
from app.models import Case, User, VisitStatus
from app.visits.common import find_visit


@dataclass(frozen=True)
class VisitStatement:
    """What a completed visit recorded, as a draft agreement's stated reason and capacity."""

    visit_no: str
    case_no: str
    reason: str
    capacity: str


def visit_statement(
    session: Session, user: User, visit_no: str, lang: str | None = None
) -> VisitStatement:
    """The visit's case and the borrower's statement from its outcome (in `lang`); refused for a
    visit that has no outcome yet, and for a user who may not draft agreements."""
    require(user, Permission.DRAFT_AGREEMENTS)
    visit = find_visit(session, user, visit_no)
    if visit.status is not VisitStatus.COMPLETED:
        raise ValidationError(
            "Visit {number} is {status}; an agreement is drafted from a completed visit's outcome.",
            number=visit.visit_no,
            status=label(VISIT_STATUS, visit.status),
        )
    case = session.get(Case, visit.case_id)
    assert case is not None  # a visit's case is never deleted
    reason = label(DEFAULT_REASON, visit.default_reason, lang) if visit.default_reason else ""
    capacity = [visit.capacity_note.strip()]
    if visit.proposal.strip():
        capacity.append(tr("Proposed at the visit: {proposal}", lang, proposal=visit.proposal))
    return VisitStatement(
        visit.visit_no,
        case.case_no,
        capital(reason),
        "\n".join(part for part in capacity if part),
    )

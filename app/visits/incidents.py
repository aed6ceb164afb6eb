"""Incident reports on a visit: what went wrong (a type from a list) and a description."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, require
from app.errors import ValidationError
from app.models import User, VisitIncident, VisitStatus
from app.notes import clean_text
from app.visits.common import INCIDENT_KINDS, find_visit, require_status


def add_incident(
    session: Session, user: User, visit_no: str, kind: str, description: str
) -> VisitIncident:
    """An incident report (type, description) on a visit that took place or is under way."""
    require(user, Permission.BOOK_VISITS)
    visit = find_visit(session, user, visit_no)
    require_status(visit, VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED, VisitStatus.NO_SHOW)
    clean_kind = (kind or "").strip().lower()
    if clean_kind not in INCIDENT_KINDS:
        raise ValidationError(
            "Unknown incident type {value}; choose one of: {choices}.",
            value=kind,
            choices=list(INCIDENT_KINDS),
        )
    text = clean_text(description)
    if not text:
        raise ValidationError("An incident report needs a description.")
    incident = VisitIncident(
        visit_id=visit.id, kind=clean_kind, description=text, reported_by_id=user.id
    )
    session.add(incident)
    session.flush()
    audit.record(session, user, "visit.incident", "visit", visit.visit_no, {"kind": clean_kind})
    return incident

"""The agreements list's status filter (the window's and `agreement list --status`): a stored
status, or "ready" — approved ones their drafter made ready for signing. "approved" lists only
those a supervisor or admin approved, as the list's Status column reads them
(app/agreements/readiness.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import not_
from sqlalchemy.orm import aliased

from app.agreements.readiness import READY, made_ready_sql
from app.errors import ValidationError
from app.models import Agreement, AgreementStatus, User

StatusFilter = AgreementStatus | str  # a stored status, or READY


def parse_status(value: str | AgreementStatus | None) -> StatusFilter | None:
    """The filter asked for: a stored status, READY, or None for every agreement."""
    if value is None or isinstance(value, AgreementStatus):
        return value
    typed = value.strip().lower()
    if typed in (READY, "ready_for_signing"):
        return READY
    try:
        return AgreementStatus(typed)
    except ValueError:
        choices = [s.value for s in AgreementStatus]
        choices.insert(choices.index(AgreementStatus.APPROVED.value) + 1, READY)
        raise ValidationError(
            "Unknown agreement status {value}; choose one of: {choices}.",
            value=value,
            choices=choices,
        ) from None


def where_status(query: Any, wanted: StatusFilter | None, approver: Any = None) -> Any:
    """`query` (over Agreement) narrowed to the filter; `approver` is the query's alias of the
    agreement's approver (outer-joined), or None to join one here."""
    if wanted is None:
        return query
    if wanted not in (READY, AgreementStatus.APPROVED):
        return query.where(Agreement.status == wanted)
    if approver is None:
        approver = aliased(User)
        query = query.outerjoin(approver, approver.id == Agreement.approved_by_id)
    ready = made_ready_sql(approver)
    return query.where(
        Agreement.status == AgreementStatus.APPROVED, ready if wanted == READY else not_(ready)
    )

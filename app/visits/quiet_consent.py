"""The borrower's agreement to one visit's early or late time (quiet hours, 22:00–08:00 by the CN
rule set): who agreed, when and how, recorded with the booking or a move for that slot only.

It is not the borrower's blanket consent to contact in quiet hours (a flag on the borrower):
it lets the quiet-hours rule judge this visit's time as agreed (allowed where the rule set says
consent exempts, still refused where it does not), is kept on the visit with its slot, audited
with the booking, and falls away when the visit moves to another time without a new one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.audit_seal import personal
from app.compliance.model import Verdict
from app.errors import ValidationError
from app.models import Visit
from app.models.base import utcnow
from app.reasons import MIN_REASON, short_reason
from app.visits.common import utc

MAX_WHO, MAX_HOW = 100, 200


@dataclass(frozen=True)
class QuietAgreement:
    """Who agreed to the visit's early or late time, when (aware) and how (a short note)."""

    who: str
    at: dt.datetime
    how: str


def audit_details(
    agreed: QuietAgreement | None, session: Session, borrower_id: int | None
) -> dict[str, object]:
    """The agreement as the booking's audit entry keeps it (nothing when none): who agreed and
    how sealed with the borrower's key (app/audit_seal.py), the time in clear."""
    if agreed is None:
        return {}
    return {
        "quiet_agreed_by": personal(session, borrower_id, agreed.who),
        "quiet_agreed_at": utc(agreed.at).isoformat(),
        "quiet_agreed_how": personal(session, borrower_id, agreed.how),
    }


def audit_change(
    old: QuietAgreement | None,
    new: QuietAgreement | None,
    session: Session,
    borrower_id: int | None,
) -> dict[str, object]:
    """A move's change of the agreement, field by field, as old → new (nothing when none); who
    agreed and how sealed with the borrower's key."""
    plain = {"quiet_agreed_by": "who", "quiet_agreed_at": None, "quiet_agreed_how": "how"}
    changed: dict[str, object] = {}
    for key, attr in plain.items():
        values = [
            None if a is None else (getattr(a, attr) if attr else utc(a.at).isoformat())
            for a in (old, new)
        ]
        if values[0] == values[1]:
            continue
        if attr:
            values = [personal(session, borrower_id, v) for v in values]
        changed[key] = {"old": values[0], "new": values[1]}
    return changed


def checked_agreement(
    agreement: QuietAgreement | None, start: dt.datetime, now: dt.datetime | None = None
) -> QuietAgreement | None:
    """The agreement as it will be kept, or a refusal naming what is missing: a person, a time
    with its zone not in the future nor after the visit's start, and a note of how it was given
    (as much as an override's reason says)."""
    if agreement is None:
        return None
    who, how = " ".join(agreement.who.split()), " ".join(agreement.how.split())
    if not who:
        raise ValidationError(
            "Say who agreed to the visit's early or late time (e.g. the borrower)."
        )
    if len(who) > MAX_WHO:
        raise ValidationError("Who agreed: at most {max} characters.", max=MAX_WHO)
    at = agreement.at
    if at.tzinfo is None:
        raise ValidationError(
            "When the borrower agreed needs a time zone, e.g. 2026-03-01T10:30+08:00."
        )
    if utc(at) > utc(now or utcnow()) + dt.timedelta(minutes=1):
        raise ValidationError("The borrower's agreement cannot be dated in the future.")
    if utc(at) > utc(start):
        raise ValidationError("The borrower's agreement must be given before the visit starts.")
    if len(how) > MAX_HOW:
        raise ValidationError("How they agreed: at most {max} characters.", max=MAX_HOW)
    refusal = short_reason(how)
    if refusal is not None:
        raise ValidationError(
            "Say how the borrower agreed to the early or late time (e.g. by phone, asked for a "
            "visit before work), at least {count} characters.",
            count=MIN_REASON,
        )
    return QuietAgreement(who, utc(at), how)


def stored_agreement(visit: Visit) -> QuietAgreement | None:
    """The agreement kept on the visit for its booked slot, or None."""
    if not visit.quiet_agreed_by or visit.quiet_agreed_at is None:
        return None
    return QuietAgreement(
        visit.quiet_agreed_by, utc(visit.quiet_agreed_at), visit.quiet_agreed_how or ""
    )


def kept_agreement(verdict: Verdict, agreement: QuietAgreement | None) -> QuietAgreement | None:
    """The agreement to keep with a saved slot: only one the quiet-hours rule judged (a slot in
    quiet hours); a slot outside them needs none and keeps none."""
    if agreement is None or not any(f.rule == "quiet_hours" for f in verdict.findings):
        return None
    return agreement


def keep_agreement(visit: Visit, agreement: QuietAgreement | None) -> None:
    """Write (or clear) the agreement with the slot just written."""
    visit.quiet_agreed_by = agreement.who if agreement else None
    visit.quiet_agreed_at = agreement.at if agreement else None
    visit.quiet_agreed_how = agreement.how if agreement else None


__all__ = [
    "QuietAgreement",
    "audit_change",
    "audit_details",
    "checked_agreement",
    "keep_agreement",
    "kept_agreement",
    "stored_agreement",
]

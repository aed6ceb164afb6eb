"""The demo office's recent calls, SMS and letters in the audit trail, written after their rows are
loaded: each one's "contact.log" entry as app/contacts.py log_contact writes it (the same fields),
by the agent who made it, at its own time. The last TRAIL_DAYS days' contacts, and every flagged
or overridden one (the compliance side of the trail, a few): the Audit page shows the office's
recent contact work as a real office's, while a 100,000-loan build, with hundreds of thousands of
contacts, stays within its time (an entry is an HMAC and a row). Visits' tries are
the visits' own business (checked in and out), not logged contacts. Deterministic."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from app import audit
from app.demo.context import NO_LIMIT, local_to_utc
from app.models import Case, Channel, ContactAttempt, User, VerdictKind

TRAIL_DAYS = 14  # the days of contact work the demo's Audit page holds


def record_contact_trail(session: Session, as_of: dt.date, latest: dt.datetime = NO_LIMIT) -> int:
    """The "contact.log" entries of the contacts made from TRAIL_DAYS days before `as_of` on and
    of the flagged ones, in time order; returns how many were written."""
    users = {u.id: u for u in session.scalars(select(User))}
    since = local_to_utc(as_of - dt.timedelta(days=TRAIL_DAYS - 1), 0)
    c, overrider = ContactAttempt, aliased(User)
    rows = session.execute(
        select(
            c.at,
            c.agent_id,
            Case.case_no,
            c.channel,
            c.party,
            c.outcome,
            c.verdict,
            overrider.username,
            c.override_reason,
        )
        .join(Case, Case.id == c.case_id)
        .outerjoin(overrider, overrider.id == c.override_by_id)
        .where(c.channel != Channel.VISIT, or_(c.at >= since, c.verdict != VerdictKind.ALLOWED))
        .order_by(c.at, c.id)
    ).all()

    return audit.record_many(
        session,
        (
            (
                users.get(row.agent_id),
                "contact.log",
                "case",
                row.case_no,
                _changes(row),
                min(_utc(row.at), latest),
            )
            for row in rows
        ),
    )


def _changes(row: Any) -> dict[str, Any]:
    """The fields `log_contact` records."""
    return {
        "channel": row.channel.value,
        "party": row.party.value,
        "outcome": row.outcome.value,
        "verdict": row.verdict.value,
        "override_by": row.username,
        "override_reason": row.override_reason,
    }


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

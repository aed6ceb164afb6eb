"""The demo office's agreements in the audit trail, written after their rows are loaded and
numbered: each one's drafting, approval and signing as app/agreements/drafting.py and
lifecycle.py record them (the same actions and fields), by the agent who drafted it and the
supervisor who approved it, on the agreement's own days; each cancellation (app/demo/history.py);
and each completion or breach as the office's watch records it (app/demo/agreement_outcomes.py).
One batch in time order, an agreement's entries in the order they were made; nothing stamped
after the build's moment. Deterministic."""

from __future__ import annotations

import datetime as dt
import zlib
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.agreements.common import waiver_threshold
from app.demo.agreement_outcomes import outcome_entries
from app.demo.context import NO_LIMIT, local_to_utc
from app.demo.history import cancellation_entries
from app.models import Agreement, AgreementInstalment, Case, User

MINUTE = dt.timedelta(minutes=1)
# (when, order within an agreement, number, who, action, changes): sorted, the batch's order.
Entry = tuple[dt.datetime, int, str, User | None, str, dict[str, Any]]
DRAFT, APPROVE, SIGN, CANCEL, ENDED = range(5)


def record_agreement_trail(session: Session, as_of: dt.date, latest: dt.datetime = NO_LIMIT) -> int:
    """Every agreement's entries, cancellations with them; returns how many were written."""
    users = {u.id: u for u in session.scalars(select(User))}
    entries = [
        (at, CANCEL, number, user, action, changes)
        for at, user, action, number, changes in cancellation_entries(session, as_of)
    ]
    entries += _lifecycle_entries(session, users, latest)
    signed_at = {number: at for at, order, number, *_ in entries if order == SIGN}
    entries += [
        (at, ENDED, number, None, action, changes)  # the system's: the watch's judgement
        for at, number, action, changes in outcome_entries(session, signed_at, latest)
    ]
    entries.sort(key=lambda e: (e[0], e[2], e[1]))
    return audit.record_many(
        session,
        (
            (user, action, "agreement", number, changes, at)
            for at, _, number, user, action, changes in entries
        ),
    )


def _lifecycle_entries(
    session: Session, users: dict[int, User], latest: dt.datetime
) -> list[Entry]:
    """Drafted (created_at, by its drafter), approved (approved_at, by its approver) and signed
    (a working hour of signed_on, recorded by its drafter), as the office's use cases write them."""
    a = Agreement
    plans: dict[int, list[list[Any]]] = defaultdict(list)
    for aid, due_on, amount in session.execute(
        select(
            AgreementInstalment.agreement_id, AgreementInstalment.due_on, AgreementInstalment.amount
        ).order_by(AgreementInstalment.agreement_id, AgreementInstalment.seq)
    ):
        plans[aid].append([due_on.isoformat(), amount])
    rows = session.execute(
        select(
            a.id,
            a.agreement_no,
            Case.case_no,
            a.kind,
            a.debt_amount,
            a.settled_amount,
            a.waiver_amount,
            a.drafted_by_id,
            a.created_at,
            a.approved_by_id,
            a.approved_at,
            a.signed_on,
            a.supersedes_id,
        )
        .join(Case, Case.id == a.case_id)
        .order_by(a.created_at, a.id)
    ).all()
    numbers = {row.id: row.agreement_no for row in rows}
    threshold = waiver_threshold(session)
    entries: list[Entry] = []
    for row in rows:
        number, drafter = row.agreement_no, users.get(row.drafted_by_id)
        old = numbers.get(row.supersedes_id) if row.supersedes_id is not None else None
        drafted = min(row.created_at, latest)
        entries.append(
            (
                drafted,
                DRAFT,
                number,
                drafter,
                "agreement.draft",
                {
                    "case": row.case_no,
                    "kind": row.kind.value,
                    "debt": row.debt_amount,
                    "settled": row.settled_amount,
                    "waiver": row.waiver_amount,
                    "plan": plans[row.id],
                    "supersedes": old,
                },
            )
        )
        approved = drafted
        if row.approved_at is not None:
            approved = min(max(row.approved_at, drafted), latest)
            entries.append(
                (
                    approved,
                    APPROVE,
                    number,
                    users.get(row.approved_by_id) if row.approved_by_id else None,
                    "agreement.approve",
                    {"waiver": row.waiver_amount, "threshold": threshold},
                )
            )
        if row.signed_on is not None:
            hour = local_to_utc(row.signed_on, 600 + zlib.crc32(number.encode()) % 420)
            entries.append(
                (
                    min(max(hour, approved + MINUTE), latest),
                    SIGN,
                    number,
                    drafter,
                    "agreement.sign",
                    {"signed_on": row.signed_on.isoformat(), "supersedes": [old] if old else []},
                )
            )
    return entries

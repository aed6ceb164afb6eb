"""What the demo office's agreements left behind, written after their rows are loaded (they come
from the generator a case at a time, not in time order): numbers in the order the drafts were
made, as the office sequence gives them (complaints' in the order they were received), and each
cancellation's entry in the audit trail — who cancelled it, when and why — which is where the
office reads a cancellation's day and reason."""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any, cast

from sqlalchemy import String, Table, bindparam, literal, select, update
from sqlalchemy.orm import Session

from app.demo.context import OFFICE_ZONE, local_to_utc
from app.models import Agreement, AgreementStatus, Complaint, User
from app.roles import Role

REASONS = (
    "借款人对欠款金额有异议，待核实后重新协商",
    "借款人要求改为一次性结清",
    "主管复核：还款计划超出借款人的还款能力",
    "借款人提供了新的收入证明，需重新拟定计划",
)


def number_in_drafting_order(session: Session) -> None:
    """Renumber the agreements by the time they were drafted (the series stays gap-free: the
    same numbers, in time order); the year in a number is its drafting year."""
    renumber(session, Agreement, "agreement_no", (Agreement.created_at, Agreement.id))


def number_in_receiving_order(session: Session) -> None:
    """Renumber the complaints as `record_complaints` would have numbered them, recorded on the
    day each was received: one office sequence across the years, in received order; the year in
    a number is its receiving year (app/complaints.py `complaint_number`)."""
    renumber(
        session,
        Complaint,
        "complaint_no",
        (Complaint.received_on, Complaint.created_at, Complaint.id),
    )


def renumber(
    session: Session, model: type[Agreement] | type[Complaint], column: str, order: tuple[Any, ...]
) -> None:
    """Give the rows of `model` the same numbers (each keeping its own prefix, "AG-2026-",
    "CP2026-") with the counters in `order`: what the office sequence gives rows made in order."""
    table, connection = cast(Table, model.__table__), session.connection()
    rows = session.execute(select(table.c.id, table.c[column]).order_by(*order)).all()
    if not rows:
        return
    numbers = sorted(int(number.rsplit("-", 1)[1]) for _, number in rows)
    # Two steps, as core statements by primary key (outside the ORM's version counter): a
    # number may still be held by another row until that row moves.
    parked = literal("TMP-") + table.c.id.cast(String)
    connection.execute(update(table).values({column: parked}))
    connection.execute(
        update(table).where(table.c.id == bindparam("row")).values({column: bindparam("no")}),
        [
            {"row": row_id, "no": f"{number.rsplit('-', 1)[0]}-{n:06d}"}
            for (row_id, number), n in zip(rows, numbers, strict=True)
        ],
    )


def cancellation_entries(
    session: Session, as_of: dt.date
) -> list[tuple[dt.datetime, User | None, str, str, dict[str, Any]]]:
    """The audit entry of each cancelled agreement, as `cancel` writes it (when, who, action,
    number, changes): a supervisor's, on a working hour of a day after its signing (or drafting)
    and before `as_of`. Deterministic; app/demo/agreement_trail.py writes them."""
    supervisors = list(
        session.scalars(select(User).where(User.role == Role.SUPERVISOR).order_by(User.id))
    )
    cancelled = session.execute(
        select(
            Agreement.agreement_no,
            Agreement.signed_on,
            Agreement.created_at,
            Agreement.approved_at,
        )
        .where(Agreement.status == AgreementStatus.CANCELLED)
        .order_by(Agreement.created_at, Agreement.id)
    ).all()
    entries = []
    for number, signed_on, created_at, approved_at in cancelled:
        draw = zlib.crc32(number.encode())
        start = signed_on or _day(created_at)
        room = min(max((as_of - start).days - 1, 0), 25)  # before its first payment falls due
        day = start + dt.timedelta(days=1 + draw % room) if room else start
        at = local_to_utc(day, 600 + draw % 420)
        entries.append(
            (
                at,
                supervisors[draw % len(supervisors)] if supervisors else None,
                "agreement.cancel",
                number,
                {
                    "reason": REASONS[draw % len(REASONS)],
                    "was": _state_then(at, signed_on, approved_at),
                },
            )
        )
    return entries


def _state_then(at: dt.datetime, signed_on: dt.date | None, approved_at: object) -> str:
    """The agreement's status when it was cancelled at `at`, as `cancel` records it ("was"):
    signed, it was active (signing runs the watch, which makes a signed agreement active at once,
    and one cancelled before its first instalment falls due has not ended); else approved or a
    draft, by whether it was approved by then."""
    if signed_on is not None and signed_on <= at.astimezone(OFFICE_ZONE).date():
        return AgreementStatus.ACTIVE.value
    if approved_at is not None and _utc(approved_at) <= at:
        return AgreementStatus.APPROVED.value
    return AgreementStatus.DRAFT.value


def _utc(value: object) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _day(value: object) -> dt.date:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value.date()

"""The case's story: where each of its visits was booked before it was moved (改约), and why, as
the audit trail of `visit.reschedule` keeps them. QA: after Reschedule… the visit's line stood at
its new time with nothing to say it had been booked for another, nor why it moved. And when each
visit happened: its check-in, not its booked start."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit_seal import Opener
from app.i18n import tr
from app.models import AuditEntry, Visit
from app.office import office_zone
from app.queries.compliance_rows import slot_text


def _when(value: object) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) and value else None


def visit_moves(
    session: Session, visit_nos: list[str], lang: str | None = None
) -> dict[str, list[str]]:
    """Visit number → "moved from <old slot>: <reason>" for each of its moves, oldest first
    ("team changed: <reason>" for a move that kept the slot)."""
    if not visit_nos:
        return {}
    rows = session.execute(
        select(AuditEntry.entity_id, AuditEntry.changes)
        .where(
            AuditEntry.entity == "visit",
            AuditEntry.action == "visit.reschedule",
            AuditEntry.entity_id.in_(visit_nos),
        )
        .order_by(AuditEntry.id)
    ).all()
    zone, opener = office_zone(session), Opener(session, lang)
    moves: dict[str, list[str]] = {}
    for visit_no, changes in rows:
        opened = opener.open(changes or {})
        start, end = opened.get("start") or {}, opened.get("end") or {}
        reason = str(opened.get("reason") or "").strip()  # required; "(erased)" once erased
        if (start.get("old"), end.get("old")) == (start.get("new"), end.get("new")):
            said = tr("team changed: {reason}", lang, reason=reason)  # the slot kept
        else:
            old = slot_text(_when(start.get("old")), _when(end.get("old")), zone, lang)
            said = tr("moved from {slot}: {reason}", lang, slot=old, reason=reason)
        moves.setdefault(visit_no, []).append(said)
    return moves


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def visit_moment(
    visit: Visit, zone: zoneinfo.ZoneInfo, lang: str | None = None
) -> tuple[dt.datetime, str]:
    """(when the visit stands in the story, what says its times): a visit the team went to stands
    at its check-in, when it happened, its booked slot and check-out said beside it ("booked for
    2026-12-20 10:00–11:30 · checked in 11:10, out 12:05"); one not checked in at its booked
    start (or when requested, before it was booked). QA: a completed visit stood at its booked
    start, however late the team arrived."""
    start, arrived, left = (
        _aware(visit.scheduled_start),
        _aware(visit.checked_in_at),
        _aware(visit.checked_out_at),
    )
    if arrived is None:
        return start or _aware(visit.created_at) or dt.datetime.now(dt.UTC), ""
    said = []
    if start is not None:
        booked = slot_text(start, _aware(visit.scheduled_end), zone, lang)
        said.append(tr("booked for {slot}", lang, slot=booked))
    hours = lambda at: f"{at.astimezone(zone):%H:%M}"  # noqa: E731
    if left is not None:
        said.append(
            tr("checked in {start}, out {end}", lang, start=hours(arrived), end=hours(left))
        )
    else:
        said.append(tr("checked in {start}", lang, start=hours(arrived)))
    return arrived, " · ".join(said)

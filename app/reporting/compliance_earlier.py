"""The contacts recorded in a report's period for an earlier time: blocked attempts and
overrides logged after the fact (`created_at` in the period, their stated `at` before it). The
report counts each contact by its own time, so these belong to an earlier period's count; the
period they were recorded in lists them apart, so an attempt to back-date a night call is seen the
week it was tried (found by QA), and none is counted twice in one report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.auth import Permission, can
from app.models import BlockedAttempt, Case, Channel, ContactAttempt, User, VerdictKind
from app.queries.compliance_log import own_entry
from app.queries.compliance_rows import BLOCKED, CONTACT, LogRow, ordered_rows


def _blocked_ids(low: dt.datetime, high: dt.datetime) -> Select[Any]:
    """Blocked contacts recorded in [low, high) for a time before `low` (a visit's booking or
    move is dated when it was recorded: never one of them). Blocks are few: the index by time
    (ix_blocked_attempt_at) reads those before the period."""
    b = BlockedAttempt
    return (
        select(b.id)
        .join(Case, Case.id == b.case_id)
        .where(
            b.at < low,
            b.created_at >= low,
            b.created_at < high,
            b.action.is_(None),
            b.channel != Channel.VISIT,
        )
        .order_by(b.created_at, b.id)
    )


def _override_ids(low: dt.datetime, high: dt.datetime) -> Select[Any]:
    """Overridden contacts recorded in [low, high) for a time before `low`: one range of the
    (verdict, at) index, the overrides made before the period (a few in a thousand contacts)."""
    k = ContactAttempt
    return (
        select(k.id)
        .join(Case, Case.id == k.case_id)
        .where(
            k.verdict == VerdictKind.NEEDS_OVERRIDE,
            k.at < low,
            k.created_at >= low,
            k.created_at < high,
        )
        .order_by(k.created_at, k.id)
    )


def recorded_earlier(
    session: Session, actor: User, low: dt.datetime, high: dt.datetime, lang: str
) -> tuple[list[LogRow], list[LogRow]]:
    """(blocked, overridden) contacts recorded in [low, high) for an earlier time, in the order
    they were recorded, as `actor` may see them (an agent: their own and their cases', as the
    compliance log)."""
    found = []
    for kind, query, table in (
        (BLOCKED, _blocked_ids(low, high), BlockedAttempt),
        (CONTACT, _override_ids(low, high), ContactAttempt),
    ):
        if not can(actor, Permission.VIEW_ALL_CASES):
            query = query.where(own_entry(table, actor.id))
        ids = list(session.scalars(query))
        found.append(ordered_rows(session, [(kind, item_id) for item_id in ids], lang))
    return found[0], found[1]

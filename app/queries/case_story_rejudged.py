"""The case's story: a breached agreement judged again (app/agreements/watch.py), at the moment the
payment that showed its instalments were kept after all was posted, with what it became."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import tr
from app.labels import AGREEMENT_STATUS, label
from app.models import AuditEntry
from app.money import fmt


def rejudged_lines(
    session: Session, numbers: Iterable[str], lang: str | None = None
) -> list[tuple[dt.datetime, str, str]]:
    """(when, title, text) of each "agreement.rejudged" entry of these agreements."""
    wanted = list(numbers)
    if not wanted:
        return []
    rows = session.execute(
        select(AuditEntry.at, AuditEntry.entity_id, AuditEntry.changes)
        .where(
            AuditEntry.entity == "agreement",
            AuditEntry.action == "agreement.rejudged",
            AuditEntry.entity_id.in_(wanted),
        )
        .order_by(AuditEntry.id)
    )
    lines = []
    for at, number, changes in rows:
        changes = changes or {}
        at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
        title = tr(
            "Agreement {number} judged again: {status}",
            lang,
            number=number,
            status=label(AGREEMENT_STATUS, changes.get("status", "active"), lang),
        )
        text = tr(
            "A payment posted later, dated on or before an instalment's due day, shows the "
            "instalments due were paid on time: the breach no longer stands ({paid} paid).",
            lang,
            paid=fmt(int(changes.get("paid", 0))),
        )
        lines.append((at, title, text))
    return lines

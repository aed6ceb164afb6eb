"""The waiver actually written off when a completed agreement settled its loan (QA s47 #4): what
the loan still owed on its schedule then, recorded on the "agreement.completed" audit entry by
the watch (app/agreements/watch.py). It differs from the waiver planned at drafting when the
payments that completed it paid more than the agreed amount, or cleared the loan themselves;
`agreement show` and the Agreements page say it then."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import tr
from app.models import AuditEntry
from app.money import fmt


def waived_at_settlement(session: Session, agreement_no: str) -> int | None:
    """The waiver written off at the agreement's completion; None when none was recorded (not
    completed, or completed before it was recorded)."""
    changes = session.scalar(
        select(AuditEntry.changes)
        .where(
            AuditEntry.entity == "agreement",
            AuditEntry.entity_id == agreement_no,
            AuditEntry.action == "agreement.completed",
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if not changes or "waived" not in changes:
        return None
    return int(changes["waived"])


def terms_words(
    debt: int, settled: int, waiver: int, waived: int | None, lang: str | None = None
) -> str:
    """The agreement's debt, agreed amount and waiver in words: the waiver written off at its
    settlement where it differs from the one planned (`agreement show`, the Agreements page)."""
    if waived is not None and waived != waiver:
        return tr(
            "Debt {debt}, agreed {settled}, waived {waived} at settlement ({waiver} planned).",
            lang,
            debt=fmt(debt),
            settled=fmt(settled),
            waived=fmt(waived),
            waiver=fmt(waiver),
        )
    return tr(
        "Debt {debt}, agreed {settled}, waiver {waiver}.",
        lang,
        debt=fmt(debt),
        settled=fmt(settled),
        waiver=fmt(waiver),
    )

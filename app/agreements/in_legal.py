"""What a case in legal says of its repayment agreement. A settlement reached in or out of court
runs while the case stays in legal: the queue's next action is the plan's next instalment (the
rebuild sets it), completed it closes the case as for any other, and breached it leaves the case
in legal, not back in the agents' queue (the watch marks such a breach "back_to_legal"). The
case page and `case show` say it of the case, the Agreements page and `agreement show` of the
agreement, in these words."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agreements.common import IN_FORCE
from app.agreements.outcome import ended_on
from app.i18n import tr
from app.models import Agreement, AgreementStatus, AuditEntry, Case, CaseStatus
from app.money import fmt


def _back_to_legal(session: Session, agreement: Agreement) -> bool:
    """Whether the agreement was breached while its loan was in legal (as the watch recorded)."""
    if agreement.status is not AgreementStatus.BREACHED:
        return False
    changes = session.scalar(
        select(AuditEntry.changes)
        .where(
            AuditEntry.entity == "agreement",
            AuditEntry.entity_id == agreement.agreement_no,
            AuditEntry.action == "agreement.breached",
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return bool(changes and changes.get("back_to_legal"))


def _in_force_words(agreement: Agreement, lang: str | None) -> str:
    """The agreement in force and its next instalment still owed (the case's next action)."""
    pending = [i for i in agreement.instalments if i.status == "pending"]
    owed = [i for i in pending if i.paid_amount < i.amount]
    if not owed:
        return tr(
            "Agreement {number} in force; the case stays in legal.",
            lang,
            number=agreement.agreement_no,
        )
    first = owed[0]
    return tr(
        "Agreement {number} in force: its next instalment, {amount}, is due on {date}; the case "
        "stays in legal.",
        lang,
        number=agreement.agreement_no,
        amount=fmt(first.amount - first.paid_amount),
        date=first.due_on.isoformat(),
    )


def case_legal_note(session: Session, case: Case, lang: str | None = None) -> str | None:
    """A case in legal: its agreement in force and next instalment, or the breach that left it
    in legal; None for any other case, or one in legal with neither."""
    if case.status is not CaseStatus.LEGAL:
        return None
    agreements = session.scalars(
        select(Agreement)
        .where(Agreement.case_id == case.id, Agreement.signed_on.is_not(None))
        .order_by(Agreement.signed_on.desc(), Agreement.id.desc())
    ).all()
    in_force = [a for a in agreements if a.status in IN_FORCE]
    if in_force:
        return _in_force_words(in_force[0], lang)
    last = agreements[0] if agreements else None
    if last is None or not _back_to_legal(session, last):
        return None
    day = ended_on(session, [last.id]).get(last.id)
    return tr(
        "Agreement {number} was breached on {date}: the case is back in legal.",
        lang,
        number=last.agreement_no,
        date=day.isoformat() if day else "—",
    )


def agreement_legal_note(
    session: Session, agreement: Agreement, lang: str | None = None
) -> str | None:
    """What the agreement means for its case in legal: it stays in legal while the agreement
    runs; breached, it went back to legal. None for an agreement on a case not in legal."""
    case = session.get(Case, agreement.case_id)
    if case is None:
        return None
    if agreement.status in IN_FORCE and case.status is CaseStatus.LEGAL:
        return tr(
            "Case {case} stays in legal while this agreement runs: paid as agreed, it closes; "
            "breached, it goes on in legal.",
            lang,
            case=case.case_no,
        )
    if _back_to_legal(session, agreement):
        return tr(
            "Case {case} went back to legal, not to the work queue: the whole debt is owed again.",
            lang,
            case=case.case_no,
        )
    return None

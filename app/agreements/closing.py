"""Unsigned agreements end with their case. When a case closes because its loan was paid off,
settled or written off, or because the loan is current again (cured), each draft or approved
(not yet signed) agreement on it is cancelled in the same transaction, one "agreement.cancel"
entry each by whoever's action closed it, the reason kept as a code ("loan_closed": the case's
close reason) and said in the reader's language: a paid-off loan's plan has nothing left to
settle, a cured case's plan would run on a closed case whose breach reaches no queue (QA s47
#1), and approving, signing or printing it for signing is refused as for any other cancelled
agreement. A case that may still close is the rebuild's (app/cases/rebuild.py); none closes
otherwise. A signed agreement is not touched here: the watch completes it once the
payments that count reach its agreed amount (app/agreements/watch.py), and a write-off refuses
it until a supervisor has ended it (app/loans/closure.py).
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from app import audit
from app.agreements.common import IN_PROGRESS
from app.i18n import tr
from app.models import Agreement, AgreementStatus, AuditEntry, Case, CloseReason, User

_CHUNK = 900
# Why an unsigned agreement was cancelled with its loan, by the close reason of its case (msgids).
CLOSED_WITH = {
    CloseReason.PAID: "Loan paid off before signing.",
    CloseReason.SETTLED: "Loan settled before signing.",
    CloseReason.WRITTEN_OFF: "Loan written off.",
    CloseReason.CURED: "Case closed as cured before signing.",
}

# Said after a write-off, a payment or an import that cancelled them (the CLI and the window);
# those whose case closed as cured, the loan current again, are said apart (QA s47 #1).
CANCELLED_WITH = "Agreements not yet signed cancelled with the loan: {numbers}."
CANCELLED_CURED = "Agreements not yet signed cancelled as their case closed as cured: {numbers}."


def cancelled_words(
    numbers: tuple[str, ...], lang: str | None = None, cured: tuple[str, ...] = ()
) -> str | None:
    """The agreements cancelled with their loan or their cured case (`cured`, among `numbers`),
    in words; None when there are none."""
    with_loan = [n for n in numbers if n not in cured]
    said = [tr(CANCELLED_WITH, lang, numbers=with_loan)] if with_loan else []
    mended = [n for n in numbers if n in cured]
    said += [tr(CANCELLED_CURED, lang, numbers=mended)] if mended else []
    return " ".join(said) or None


def cancel_unsigned(
    session: Session, actor: User | None, closing: dict[int, CloseReason]
) -> tuple[str, ...]:
    """Cancel every draft or approved agreement on the closing cases (case id → why it closes:
    a reason of CLOSED_WITH; others are left alone), auditing each; returns their numbers."""
    return tuple(cancel_unsigned_why(session, actor, closing))


def cancel_unsigned_why(
    session: Session, actor: User | None, closing: dict[int, CloseReason]
) -> dict[str, CloseReason]:
    """cancel_unsigned, each number → why its case closed."""
    wanted = [cid for cid, why in closing.items() if why in CLOSED_WITH]
    found: list[Any] = []
    for start in range(0, len(wanted), _CHUNK):
        found += session.execute(
            select(Agreement.id, Agreement.agreement_no, Agreement.status, Case.id, Case.case_no)
            .join(Case, Case.id == Agreement.case_id)
            .where(
                Agreement.case_id.in_(wanted[start : start + _CHUNK]),
                Agreement.status.in_(IN_PROGRESS),
            )
            .order_by(Agreement.id)
        ).all()
    if not found:
        return {}
    table = cast(Table, Agreement.__table__)
    session.execute(
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(status=AgreementStatus.CANCELLED, version=table.c.version + 1),
        [{"b_id": aid} for aid, *_ in found],
    )
    audit.record_many(
        session,
        (
            (
                actor,
                "agreement.cancel",
                "agreement",
                number,
                {
                    "was": AgreementStatus(status).value,
                    "case": case_no,
                    "loan_closed": closing[case_id].value,
                },
                None,
            )
            for _aid, number, status, case_id, case_no in found
        ),
    )
    # The bulk update bypasses the identity map: let loaded agreements reload their rows.
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Agreement):
            session.expire(obj)
    return {number: closing[case_id] for _aid, number, _status, case_id, _no in found}


def closed_reason(changes: dict[str, Any], lang: str | None = None) -> str | None:
    """The reason of a cancellation with the loan, in words, from its audit entry's changes;
    None for a cancellation by hand."""
    code = changes.get("loan_closed")
    if code not in {r.value for r in CLOSED_WITH}:
        return None
    return tr(CLOSED_WITH[CloseReason(code)], lang)


def closed_with_loan(
    session: Session, numbers: list[str], lang: str | None = None
) -> dict[str, str]:
    """The agreements among `numbers` cancelled with their loan → the reason in words (the
    case's story says it; a reason written by hand stays on the agreement's own page)."""
    found: dict[str, str] = {}
    for start in range(0, len(numbers), _CHUNK):
        rows = session.execute(
            select(AuditEntry.entity_id, AuditEntry.changes)
            .where(
                AuditEntry.entity == "agreement",
                AuditEntry.action == "agreement.cancel",
                AuditEntry.entity_id.in_(numbers[start : start + _CHUNK]),
            )
            .order_by(AuditEntry.id)
        )
        for number, changes in rows:
            said = closed_reason(changes or {}, lang)
            if said is not None:
                found[number] = said
            else:
                found.pop(number, None)  # the latest cancellation speaks
    return found

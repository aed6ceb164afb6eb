"""The refusal of a deletion of a record of collection work still within its retention period.

Casedesk itself deletes no such record: cases close, agreements and visits are cancelled and stay,
users are deactivated, imports add and never overwrite, and the audit trail is append-only in the
database (migration 0003). This guard is the core's promise that it stays so: every session the
app opens (db.engine.session_factory) refuses, before anything is written, a flush that deletes a
case, contact attempt, promise, visit, complaint, agreement, loan or borrower — or a DELETE
statement on their tables — whose case's records the `records_retention` rule still keeps, naming
the rule and the date until which they are kept (app.retention computes it).

A case's parts that are edited in place (a draft agreement's plan rows, the team of a booked
visit) are not guarded: the whole record stays, and the edit is in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from app.errors import ValidationError
from app.i18n import Words


class RecordRetained(ValidationError):
    """A deletion refused: the record is within the retention period of the rule set in force."""


# What each guarded record is called in a refusal ("Visit V-2026-0001"); a plain assignment so
# that the translation check reads the words.
RECORD_WORDS = {
    "Case": "Case",
    "ContactAttempt": "Contact attempt",
    "Promise": "Promise",
    "Visit": "Visit",
    "Complaint": "Complaint",
    "Agreement": "Agreement",
    "Loan": "Loan",
    "Borrower": "Borrower",
}


def _guarded() -> dict[type, tuple[Any, Any]]:
    """Entity -> (its number column or id, a select of (own id, case id) rows)."""
    from app.models import (
        Agreement,
        Borrower,
        Case,
        Complaint,
        ContactAttempt,
        Loan,
        Promise,
        Visit,
    )

    return {
        Case: (Case.case_no, select(Case.id, Case.id)),
        ContactAttempt: (ContactAttempt.id, select(ContactAttempt.id, ContactAttempt.case_id)),
        Promise: (Promise.id, select(Promise.id, Promise.case_id)),
        Visit: (Visit.visit_no, select(Visit.id, Visit.case_id)),
        Complaint: (Complaint.complaint_no, select(Complaint.id, Complaint.case_id)),
        Agreement: (Agreement.agreement_no, select(Agreement.id, Agreement.case_id)),
        Loan: (Loan.loan_no, select(Loan.id, Case.id).join(Case, Case.loan_id == Loan.id)),
        Borrower: (
            Borrower.borrower_no,
            select(Borrower.id, Case.id)
            .join(Loan, Loan.borrower_id == Borrower.id)
            .join(Case, Case.loan_id == Loan.id),
        ),
    }


def refuse_retained(session: Session, entity: type, ids: list[int]) -> None:
    """Raise RecordRetained when any of these records belongs to a case whose records the rule
    in force still keeps (an open case's are kept, with no end yet); else return."""
    from app.labels import RULE
    from app.office import office_today
    from app.retention import RULE_ID, case_retention, retention_rule

    if not ids:
        return
    rule = retention_rule(session)
    if rule is None:
        return
    number_col, pairs = _guarded()[entity]
    own_id = pairs.selected_columns[0]
    links = session.execute(pairs.where(own_id.in_(ids))).all()
    cases = {case_id for _own, case_id in links if case_id is not None}
    kept = case_retention(session, cases, rule)
    today = office_today(session)
    for own, case_id in sorted(links, key=lambda r: (r[1] is None, r[0])):
        retention = kept.get(case_id) if case_id is not None else None
        if retention is None or (retention.kept_until and retention.kept_until < today):
            continue
        number = session.scalar(select(number_col).where(own_id == own))
        words: dict[str, Any] = {
            "record": Words(RECORD_WORDS[entity.__name__]),
            "number": number,
            "case": retention.case_no,
            "rule": Words(RULE[RULE_ID]),
            "ruleset": rule.ruleset,
            "period": rule.counted(),
        }
        if retention.kept_until is None and retention.open_case not in (None, retention.case_no):
            raise RecordRetained(
                "{record} {number} cannot be deleted: it is a record of case {case}, whose loan "
                "is collected in case {open_case}, which is open; the rule {rule} ({ruleset}) "
                "keeps a loan's records while one of its cases is open and then {period}.",
                open_case=retention.open_case,
                **words,
            )
        if retention.kept_until is None:
            raise RecordRetained(
                "{record} {number} cannot be deleted: it is a record of case {case}, which is "
                "open; the rule {rule} ({ruleset}) keeps a case's records while it is open and "
                "then {period}.",
                **words,
            )
        raise RecordRetained(
            "{record} {number} cannot be deleted before {date}: it is a record of case {case}, "
            "whose records the rule {rule} ({ruleset}) keeps until {until} ({period}).",
            date=(retention.kept_until + dt.timedelta(days=1)).isoformat(),  # kept through until
            until=retention.kept_until.isoformat(),
            **words,
        )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if not session.deleted:  # an ordinary write: nothing to check, no query
        return
    guarded = _guarded()
    deleted: dict[type, list[int]] = defaultdict(list)
    for obj in session.deleted:
        if type(obj) in guarded and obj.id is not None:
            deleted[type(obj)].append(obj.id)
    for entity, ids in deleted.items():
        refuse_retained(session, entity, ids)


def _do_orm_execute(state: ORMExecuteState) -> None:
    if not state.is_delete:
        return
    table = getattr(state.statement, "table", None)
    for entity in _guarded():
        if getattr(table, "name", None) == entity.__table__.name:  # type: ignore[attr-defined]
            query = select(entity.id)  # type: ignore[attr-defined]
            where = getattr(state.statement, "whereclause", None)
            ids = list(state.session.scalars(query if where is None else query.where(where)))
            refuse_retained(state.session, entity, ids)


def install(factory: sessionmaker[Session]) -> None:
    """Make every session of `factory` refuse deletions within the retention period."""
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "do_orm_execute", _do_orm_execute)

"""Erasing a borrower's personal data once every record of theirs is past its retention (PIPL
Art. 47; FDCPA/GLBA and UK GDPR Art. 5(1)(e) alike): the admin's use case.

A borrower is erased only when every loan of theirs is closed and every case of every loan is
closed and past the period the records_retention rule keeps it (app.retention) on the office's
date. Then their names, ID number (and its keyed hash, its pinyin spellings), birth date,
segment (inferred from their age and occupation), phones, addresses, employer, related persons and
the free text typed about them (contact notes, notes on their cases, visit
addresses, findings and notes, complaint texts, an agreement's stated reason and capacity) are
blanked or removed, in one transaction. What the reports count stays: amounts, dates, channels,
outcomes, statuses, agents, verdicts, numbers; a contact's number becomes a stand-in that is the
same for the same number, so the compliance report's per-number caps count alike. The borrower
gets a row in borrower_erasure (when, by whom); the app says "Personal data erased on DATE"
instead of a name, and nothing new is recorded about them (app.erased.refuse_erased). The audit
entry `borrower.erased` holds the borrower's id and case numbers only.

The audit trail cannot be rewritten (its entries chain by HMAC), so the personal data its entries
hold since migration 0023 are sealed with the borrower's own key (app/audit_seal.py): the erasure
deletes that key, and those values read "(erased)" while the chain still verifies. Entries
written before 0023 hold them in clear, and keep them.

Kept on purpose: a supervisor's override reason and a complaint's outcome, which the compliance
report prints as the office's own justification and conclusion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, require
from app.borrowers import find_borrower
from app.erased import erased_on
from app.errors import CasedeskError, NotFound, PermissionDenied, ValidationError
from app.i18n import Words, current_language, normalise, plural, tr
from app.labels import LOAN_STATUS, RULE
from app.models import (
    Agreement,
    Borrower,
    BorrowerErasure,
    BorrowerKey,
    Case,
    CaseNote,
    CaseStatus,
    Complaint,
    ComplaintStatus,
    ContactAttempt,
    Loan,
    LoanStatus,
    Segment,
    User,
    Visit,
    VisitIncident,
)
from app.models.base import utcnow
from app.retention import RULE_ID, RetentionRule, add_years, case_retention, retention_rule

SEALED_SINCE = "0023_borrower_key"  # the revision since which the trail seals personal data
UNANSWERED = (ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING)
ERASED_NAME = "—"  # what the name column holds once erased (lists show it; pages say more)
# What the segment column (not nullable) holds once erased: the importer's value for a borrower
# whose segment is not known; no report counts by segment, and no page or list shows an erased
# borrower's (app/queries/borrowers.py).
ERASED_SEGMENT = Segment.MATURE


class NotErasable(ValidationError):
    """An erasure refused: a record of the borrower's is still kept, or nothing may be erased."""


@dataclass(frozen=True)
class Erased:
    """One borrower erased: their number and the case numbers of their loans."""

    borrower_id: int
    borrower_no: str
    case_nos: tuple[str, ...]


def _find(session: Session, borrower: int | str) -> Borrower:
    if isinstance(borrower, str):
        return find_borrower(session, borrower)
    found = session.get(Borrower, borrower)
    if found is None:
        raise NotFound("Unknown borrower {number}.", number=borrower)
    return found


def erasure_rule(session: Session) -> RetentionRule:
    rule = retention_rule(session)
    if rule is None:
        raise NotErasable(
            "No records retention period is in force (the rule {rule} is switched off or kept "
            "out): personal data are erased only once that period has ended.",
            rule=Words(RULE[RULE_ID]),
        )
    return rule


def _day_after(kept_until: dt.date | None) -> str:
    """The first day a borrower may be erased: the records are kept through `kept_until`."""
    return (kept_until + dt.timedelta(days=1)).isoformat() if kept_until else ""


def erasure_refusal(
    session: Session, borrower: Borrower, rule: RetentionRule, today: dt.date
) -> NotErasable | None:
    """Why this borrower's personal data may not be erased today (None: they may)."""
    number = borrower.borrower_no
    erased = erased_on(session, borrower.id)
    if erased is not None:
        return NotErasable(
            "The personal data of borrower {number} were already erased on {date}.",
            number=number,
            date=erased.isoformat(),
        )
    loans = session.execute(
        select(Loan.id, Loan.loan_no, Loan.status, Loan.closed_on)
        .where(Loan.borrower_id == borrower.id)
        .order_by(Loan.id)
    ).all()
    for loan in loans:
        if loan.status in (LoanStatus.ACTIVE, LoanStatus.LEGAL):
            return NotErasable(
                "Borrower {number} cannot be erased: loan {loan} is still {status}; that waits "
                "until the loan is closed and its records' retention has ended.",
                number=number,
                loan=loan.loan_no,
                status=Words(LOAN_STATUS[loan.status.value]),
            )
    cases = session.execute(
        select(Case.id, Case.loan_id).where(Case.loan_id.in_([loan.id for loan in loans]))
    ).all()
    kept = case_retention(session, [c.id for c in cases], rule)
    for retention in sorted(kept.values(), key=lambda r: (r.kept_until or dt.date.max, r.case_no)):
        if retention.kept_until is None:
            open_no = retention.open_case or retention.case_no
            status = session.scalar(select(Case.status).where(Case.case_no == open_no))
            if status is CaseStatus.CLOSED:  # closed, but on no recorded day: no period began
                return NotErasable(
                    "Borrower {number} cannot be erased: case {case} is closed without a closing "
                    "date, so its loan's records are kept as an open case's are.",
                    number=number,
                    case=open_no,
                )
            return NotErasable(
                "Borrower {number} cannot be erased: case {case} is open.",
                number=number,
                case=open_no,
            )
    unanswered = session.execute(  # its investigation works from what erasure would blank
        select(Complaint.complaint_no, Case.case_no)
        .join(Case, Case.id == Complaint.case_id)
        .where(Case.id.in_([c.id for c in cases]), Complaint.status.in_(UNANSWERED))
        .order_by(Complaint.id)
    ).first()
    if unanswered is not None:
        return NotErasable(
            "Borrower {number} cannot be erased: complaint {complaint} about case {case} is not "
            "closed.",
            number=number,
            complaint=unanswered.complaint_no,
            case=unanswered.case_no,
        )
    late = [r for r in kept.values() if r.kept_until is not None and r.kept_until >= today]
    if late:
        last = max(late, key=lambda r: (r.kept_until, r.case_no))
        return NotErasable(
            "Borrower {number} cannot be erased before {date}: the rule {rule} ({ruleset}) keeps "
            "the records of case {case} until {until}.",
            number=number,
            case=last.case_no,
            date=_day_after(last.kept_until),
            until=last.kept_until.isoformat() if last.kept_until else "",
            rule=Words(RULE[RULE_ID]),
            ruleset=rule.ruleset,
        )
    with_case = {c.loan_id for c in cases}
    for loan in loans:  # a loan never overdue has no case: kept from its closing day
        until = add_years(loan.closed_on, rule.years) if loan.closed_on else None
        if loan.id not in with_case and until is not None and until >= today:
            return NotErasable(
                "Borrower {number} cannot be erased before {date}: the rule {rule} ({ruleset}) "
                "keeps the records of loan {loan} until {until}.",
                number=number,
                loan=loan.loan_no,
                date=_day_after(until),
                until=until.isoformat(),
                rule=Words(RULE[RULE_ID]),
                ruleset=rule.ruleset,
            )
    return None


def borrowers_of_cases(
    session: Session, case_nos: Iterable[str], *, not_erased: bool = False
) -> list[str]:
    """The borrower numbers of these cases, each once, in the order first named; with
    `not_erased`, only those whose personal data are still there."""
    wanted = [no.strip() for no in case_nos if no and no.strip()]
    rows = {
        case_no: (number, erased)
        for case_no, number, erased in session.execute(
            select(Case.case_no, Borrower.borrower_no, BorrowerErasure.borrower_id)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .outerjoin(BorrowerErasure, BorrowerErasure.borrower_id == Borrower.id)
            .where(Case.case_no.in_(wanted))
        )
    }
    missing = [no for no in wanted if no not in rows]
    if missing:
        raise NotFound("Unknown case {case}.", case=missing[0])
    found = [rows[no][0] for no in wanted if not (not_erased and rows[no][1] is not None)]
    return list(dict.fromkeys(found))


def erase_borrower(
    session: Session, actor: User, borrower: int | str, today: dt.date | None = None
) -> Erased:
    """Erase one borrower's personal data (by id or borrower number); refused with NotErasable
    while any record of theirs is kept, PermissionDenied for anyone but an admin."""
    from app.office import office_today

    require(actor, Permission.ERASE_PERSONAL_DATA)
    rule = erasure_rule(session)
    today = today or office_today(session)
    found = _find(session, borrower)
    refusal = erasure_refusal(session, found, rule, today)
    if refusal is not None:
        raise refusal
    case_nos = apply_erasure(session, found, utcnow(), actor.id)
    audit.record(
        session,
        actor,
        "borrower.erased",
        "borrower",
        found.borrower_no,
        {"borrower_id": found.id, "cases": list(case_nos)},
    )
    return Erased(found.id, found.borrower_no, case_nos)


def apply_erasure(
    session: Session, found: Borrower, erased_at: dt.datetime, erased_by_id: int | None
) -> tuple[str, ...]:
    """The erasure itself, with no check and no audit entry (erase_borrower's, and a restore's
    of a backup made before it, app/erasure_restore.py): the data blanked, the borrower's key
    deleted, the borrower_erasure row; the numbers of their cases."""
    case_rows = session.execute(
        select(Case.id, Case.case_no)
        .join(Loan, Loan.id == Case.loan_id)
        .where(Loan.borrower_id == found.id)
        .order_by(Case.id)
    ).all()
    _erase(session, found, [c.id for c in case_rows])
    # What the audit trail sealed with this borrower's key can no longer be opened.
    session.execute(delete(BorrowerKey).where(BorrowerKey.borrower_id == found.id))
    session.add(
        BorrowerErasure(borrower_id=found.id, erased_at=erased_at, erased_by_id=erased_by_id)
    )
    session.flush()
    return tuple(c.case_no for c in case_rows)


def _erase(session: Session, borrower: Borrower, case_ids: list[int]) -> None:
    """Blank or remove every piece of personal data of the borrower and of their cases."""
    borrower.name = ERASED_NAME  # its pinyin spellings follow (app.models.borrower)
    borrower.national_id = ""
    borrower.national_id_hash = ""
    borrower.birth_date = None
    borrower.gender = ""
    borrower.segment = ERASED_SEGMENT
    borrower.employer = ""
    borrower.phones.clear()  # removed: delete-orphan
    borrower.addresses.clear()
    for person in borrower.related_persons:  # kept (a contact names them), without who they are
        person.name = ""
        person.phone = ""
    if not case_ids:
        return
    session.flush()
    in_cases = ContactAttempt.case_id.in_(case_ids)
    numbers = session.scalars(
        select(ContactAttempt.phone_number)
        .where(in_cases, ContactAttempt.phone_number.is_not(None))
        .distinct()
        .order_by(ContactAttempt.phone_number)
    ).all()
    session.execute(update(ContactAttempt).where(in_cases).values(notes=""))
    session.execute(update(CaseNote).where(CaseNote.case_id.in_(case_ids)).values(text=""))
    for n, number in enumerate(numbers, 1):
        # A stand-in, the same for the same number: the caps per number count as before.
        stand_in = f"#{borrower.id}-{n}"[:20]
        session.execute(
            update(ContactAttempt)
            .where(in_cases, ContactAttempt.phone_number == number)
            .values(phone_number=stand_in)
        )
    for visit in session.scalars(select(Visit).where(Visit.case_id.in_(case_ids))):
        visit.address = ""
        visit.capacity_note = visit.proposal = visit.notes = visit.next_step = ""
        visit.quiet_agreed_by = visit.quiet_agreed_how = None
        if visit.late_checkout_note is not None:
            visit.late_checkout_note = ""
        if visit.cancel_reason is not None:
            visit.cancel_reason = ""
    session.execute(
        update(VisitIncident)
        .where(VisitIncident.visit_id.in_(select(Visit.id).where(Visit.case_id.in_(case_ids))))
        .values(description="")
    )
    for complaint in session.scalars(select(Complaint).where(Complaint.case_id.in_(case_ids))):
        complaint.description = ""
        complaint.investigation_notes = ""
    for agreement in session.scalars(select(Agreement).where(Agreement.case_id.in_(case_ids))):
        agreement.stated_reason = ""
        agreement.stated_capacity = ""
    session.flush()


def backups_hold(session: Session, lang: str | None = None) -> str:
    """What an admin is told before erasing: the backups made before still hold the data until
    they rotate out, and how long that takes under the office's backup settings; the audit trail
    keeps what its entries held in clear before they were sealed (app/audit_seal.py)."""
    from app import settings
    from app.backups import schema_number

    daily, weekly, monthly = (
        int(settings.get(session, f"backup.keep_{kind}")) for kind in ("daily", "weekly", "monthly")
    )
    if monthly:
        span = plural(monthly, "{count} month", "{count} months", lang)
    elif weekly:
        span = plural(weekly, "{count} week", "{count} weeks", lang)
    else:
        span = plural(max(daily, 1), "{count} day", "{count} days", lang)
    held = tr(
        "Backups made before still hold these personal data until they rotate out: the office "
        "keeps {daily} daily, {weekly} weekly and {monthly} monthly backups, so the last of them "
        "goes in about {span}. Copies of a backup kept elsewhere are not touched.",
        lang,
        daily=daily,
        weekly=weekly,
        monthly=monthly,
        span=span,
    )
    trail = tr(
        "The audit trail cannot be changed: the personal data its entries recorded before "
        "database version {version} stay there as written; those recorded since read "
        '"(erased)".',
        lang,
        version=schema_number(SEALED_SINCE),
    )
    return held + ("" if normalise(lang or current_language()) == "zh_CN" else " ") + trail


@dataclass
class ErasureRun:
    """What an erasure of several borrowers did: each erased, each refused with its reason."""

    erased: list[Erased]
    refused: list[tuple[str, CasedeskError]]  # borrower number, why


def erase_each(
    sessions: Callable[[], AbstractContextManager[Session]],
    actor_id: int,
    borrower_nos: Sequence[str],
    progress: Callable[[int], None] | None = None,
) -> ErasureRun:
    """Erase each borrower in a transaction of their own (`sessions()` opens one and commits it,
    as Database.session does): one refused is said and the others go on; `progress` is told how
    many are done."""
    run = ErasureRun([], [])
    for done, number in enumerate(borrower_nos, 1):
        try:
            with sessions() as session:
                actor = session.get(User, actor_id)
                if actor is None:
                    raise NotFound("No user with id {id}.", id=actor_id)
                run.erased.append(erase_borrower(session, actor, number))
        except PermissionDenied:
            raise
        except CasedeskError as error:
            run.refused.append((number, error))
        if progress is not None:
            progress(done)
    return run

"""Drafting repayment agreements: a settlement or an instalment plan on an open case, the debt
taken from the loan's outstanding balance, and what a new draft starts from. Changes to a saved
draft are app/agreements/draft_changes.py.

Numbers (AG-2026-000123) are reserved from the gap-free "agreement_no" sequence when the draft
is saved, in the same transaction: one number follows the agreement from draft to signature (the
draft copy, the signed copy, the audit trail and the CLI all name the same one), and since
agreements are never deleted — a draft that goes nowhere is cancelled and stays — every number
in the series is accounted for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, settings
from app.agreements.common import (
    IN_FORCE,
    IN_PROGRESS,
    agreement_number,
    cancel_refusal,
    clean_text,
    waiver_threshold,
)
from app.agreements.holiday_dates import (
    HolidayMove,
    office_holiday_country,
    plan_dates,
    settlement_due,
)
from app.agreements.plan import PlanRow, check_plan, generate_plan
from app.auth import Permission, require
from app.cases.delinquency import loan_position
from app.contacts import find_case
from app.errors import CasedeskError, PermissionDenied, ValidationError
from app.labels import LOAN_STATUS, label
from app.models import (
    Agreement,
    AgreementInstalment,
    AgreementKind,
    AgreementStatus,
    Case,
    CaseStatus,
    LoanStatus,
    User,
    Visit,
)
from app.money import fmt
from app.numbering import reserve
from app.office import office_currency, office_today
from app.typed_number import number_key


def _open_case(session: Session, user: User, case_no: str, visit_no: str | None = None) -> Case:
    try:
        case = find_case(session, user, case_no)
    except PermissionDenied:
        if visit_no and visit_no.strip():
            # A visit's team agent whose case it is not: told whose it is and who drafts it, as
            # the Visits page tells them (its module imports this one).
            from app.agreements.from_visit import draft_refusal

            refusal = draft_refusal(session, user, visit_no)
            if isinstance(refusal, PermissionDenied):
                raise refusal from None
        raise
    _refuse_draft(session, case, user)
    return case


def _busy_refusal(session: Session, user: User, case: Case, busy: Agreement) -> ValidationError:
    """The agreement in progress on the case, and what `user` can do about it: a draft is
    edited or cancelled; an approved one is signed, or cancelled by whoever may (a supervisor's
    approval, only a supervisor or an admin: app/agreements/cancelling.py)."""
    if busy.status is AgreementStatus.DRAFT:
        return ValidationError(
            "Case {case} already has draft agreement {number}; edit it or cancel it first.",
            case=case.case_no,
            number=busy.agreement_no,
        )
    if cancel_refusal(session, user, busy) is None:
        return ValidationError(
            "Case {case} already has agreement {number}, approved and waiting for the "
            "borrower's signature; record its signing, or cancel it first.",
            case=case.case_no,
            number=busy.agreement_no,
        )
    return ValidationError(
        "Case {case} already has agreement {number}, approved and waiting for the borrower's "
        "signature; record its signing, or ask a supervisor to cancel it.",
        case=case.case_no,
        number=busy.agreement_no,
    )


def _refuse_draft(session: Session, case: Case, user: User) -> None:
    """Raise why no agreement can be drafted on `case` now (closed, nothing left to agree, one in
    progress: what `user` can do about it)."""
    if case.status is CaseStatus.CLOSED:
        raise ValidationError(
            "Case {case} is closed; no agreement can be drafted on it.", case=case.case_no
        )
    if case.loan.status not in (LoanStatus.ACTIVE, LoanStatus.LEGAL):
        raise ValidationError(
            "Loan {loan_no} is {status}; there is nothing left to agree.",
            loan_no=case.loan.loan_no,
            status=label(LOAN_STATUS, case.loan.status),
        )
    busy = session.scalar(
        select(Agreement).where(Agreement.case_id == case.id, Agreement.status.in_(IN_PROGRESS))
    )
    if busy is not None:
        raise _busy_refusal(session, user, case, busy)


def case_refusal(session: Session, case: Case, user: User) -> CasedeskError | None:
    """Why `user` can draft no agreement on `case` now (closed, nothing left to agree, one in
    progress), as a draft itself would be refused; None when one can. The caller has found the
    case as its user may see it."""
    try:
        _refuse_draft(session, case, user)
    except CasedeskError as error:
        return error
    return None


def _visit_id(session: Session, case: Case, visit_no: str | None) -> int | None:
    if not visit_no or not visit_no.strip():
        return None
    visit = session.scalar(select(Visit).where(Visit.visit_no == number_key(visit_no)))
    if visit is None or visit.case_id != case.id:
        raise ValidationError(
            "Visit {visit} does not belong to case {case}.", visit=visit_no, case=case.case_no
        )
    return visit.id


def _draft(
    session: Session,
    user: User,
    case: Case,
    kind: AgreementKind,
    debt: int,
    settled: int,
    rows: list[PlanRow],
    reason: str,
    capacity: str,
    visit_id: int | None,
    today: dt.date,
) -> Agreement:
    in_force = session.scalar(
        select(Agreement).where(Agreement.case_id == case.id, Agreement.status.in_(IN_FORCE))
    )
    n = reserve(session, "agreement_no")
    agreement = Agreement(
        agreement_no=agreement_number(today.year, n),
        case_id=case.id,
        visit_id=visit_id,
        kind=kind,
        status=AgreementStatus.DRAFT,
        debt_amount=debt,
        settled_amount=settled,
        waiver_amount=debt - settled,
        stated_reason=reason,
        stated_capacity=capacity,
        drafted_by_id=user.id,
        supersedes_id=in_force.id if in_force is not None else None,
        instalments=[
            AgreementInstalment(seq=k, due_on=r.due_on, amount=r.amount, status="pending")
            for k, r in enumerate(rows, start=1)
        ],
    )
    session.add(agreement)
    session.flush()
    audit.record(
        session,
        user,
        "agreement.draft",
        "agreement",
        agreement.agreement_no,
        {
            "case": case.case_no,
            "kind": kind.value,
            "debt": debt,
            "settled": settled,
            "waiver": debt - settled,
            "plan": [[r.due_on.isoformat(), r.amount] for r in rows],
            "supersedes": in_force.agreement_no if in_force is not None else None,
        },
    )
    return agreement


def _debt(session: Session, case: Case, today: dt.date) -> int:
    debt = loan_position(session, case.loan_id, today).outstanding
    if debt <= 0:
        raise ValidationError(
            "Loan {loan_no} owes nothing; there is nothing to agree.", loan_no=case.loan.loan_no
        )
    return debt


def check_settled(amount: int, debt: int) -> int:
    """The agreed amount when it is more than zero and not more than the debt, else a clear
    error."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError("The agreed amount must be more than zero.")
    if amount > debt:
        raise ValidationError(
            "The agreed amount {amount} is more than the debt {debt}.",
            amount=fmt(amount),
            debt=fmt(debt),
        )
    return amount


def draft_settlement(
    session: Session,
    user: User,
    case_no: str,
    amount: int,
    *,
    due_on: dt.date | None = None,
    stated_reason: str = "",
    stated_capacity: str = "",
    visit_no: str | None = None,
    today: dt.date | None = None,
) -> Agreement:
    """Draft a settlement: one payment of `amount` (minor units) by `due_on` (default: the
    office's settlement days ahead, moved off public holidays); the rest of the debt is
    waived."""
    require(user, Permission.DRAFT_AGREEMENTS)
    today = today or office_today(session)
    case = _open_case(session, user, case_no, visit_no)
    debt = _debt(session, case, today)
    settled = check_settled(amount, debt)
    due, move = due_on, None
    if due is None:
        due, move = settlement_move(session, today)
    if due < today:  # one payment: no instalment to number
        raise ValidationError("A settlement cannot fall due in the past: {date}.", date=due)
    rows = check_plan([PlanRow(due, settled)], settled, today, [move] if move else [])
    return _draft(
        session,
        user,
        case,
        AgreementKind.SETTLEMENT,
        debt,
        settled,
        rows,
        clean_text(stated_reason, "reason"),
        clean_text(stated_capacity, "capacity"),
        _visit_id(session, case, visit_no),
        today,
    )


def draft_plan(
    session: Session,
    user: User,
    case_no: str,
    *,
    count: int | None = None,
    start: dt.date | None = None,
    amount: int | None = None,
    rows: Sequence[PlanRow] | None = None,
    stated_reason: str = "",
    stated_capacity: str = "",
    visit_no: str | None = None,
    today: dt.date | None = None,
) -> Agreement:
    """Draft an instalment plan: `count` monthly rows from `start` (equal amounts, the remainder
    last; a date on a public holiday moved to the next day that is none, as `plan_moves` tells),
    or the explicit `rows`, kept as given; `amount` defaults to the whole debt (rows: their
    total)."""
    require(user, Permission.DRAFT_AGREEMENTS)
    today = today or office_today(session)
    case = _open_case(session, user, case_no, visit_no)
    debt = _debt(session, case, today)
    moves: list[HolidayMove] = []  # typed rows are kept as given
    if rows is not None:
        plan = list(rows)
        if not plan:
            raise ValidationError("A plan needs at least one instalment.")
        settled = check_settled(sum(r.amount for r in plan) if amount is None else amount, debt)
    else:
        if count is None or start is None:
            raise ValidationError("A plan needs the number of instalments and the first date.")
        settled = check_settled(debt if amount is None else amount, debt)
        plan = generate_plan(settled, count, start, office_holiday_country(session))
        moves = plan_moves(session, count, start)
    return _draft(
        session,
        user,
        case,
        AgreementKind.INSTALMENT_PLAN,
        debt,
        settled,
        check_plan(plan, settled, today, moves),
        clean_text(stated_reason, "reason"),
        clean_text(stated_capacity, "capacity"),
        _visit_id(session, case, visit_no),
        today,
    )


@dataclass(frozen=True)
class DraftTerms:
    """What a new agreement on a case starts from (the window's draft dialog)."""

    case_no: str
    borrower: str
    loan_no: str
    debt: int
    waiver_threshold: int
    settlement_due_on: dt.date
    supersedes: str | None  # the agreement in force that signing the new one replaces
    holiday_country: str | None = None  # whose public holidays a generated date avoids
    settlement_move: HolidayMove | None = None  # the default due date moved off a holiday
    currency: str | None = None  # the office's: its sign may go with a typed amount ($500.00)


def draft_terms(
    session: Session, user: User, case_no: str, *, today: dt.date | None = None
) -> DraftTerms:
    """The debt and defaults for drafting on a case; refused as a draft itself would be."""
    require(user, Permission.DRAFT_AGREEMENTS)
    today = today or office_today(session)
    case = _open_case(session, user, case_no)
    due, move = settlement_move(session, today)
    return DraftTerms(
        case.case_no,
        case.loan.borrower.name,
        case.loan.loan_no,
        _debt(session, case, today),
        waiver_threshold(session),
        due,
        in_force_number(session, case.id),
        office_holiday_country(session),
        move,
        office_currency(session),
    )


def settlement_move(session: Session, today: dt.date) -> tuple[dt.date, HolidayMove | None]:
    """A settlement's default due date (the office's settlement days after `today`, moved off
    public holidays) and its move, if any."""
    days = int(settings.get(session, "agreement.settlement_due_days"))
    return settlement_due(today, days, office_holiday_country(session))


def plan_moves(session: Session, count: int, start: dt.date) -> list[HolidayMove]:
    """The dates `draft_plan` moves off public holidays in `count` monthly rows from `start`."""
    return plan_dates(start, count, office_holiday_country(session))[1]


def in_force_number(session: Session, case_id: int) -> str | None:
    """The number of the case's agreement in force, which signing a new one replaces."""
    return session.scalar(
        select(Agreement.agreement_no).where(
            Agreement.case_id == case_id, Agreement.status.in_(IN_FORCE)
        )
    )

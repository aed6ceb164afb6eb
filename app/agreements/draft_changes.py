"""Changes to a saved draft agreement until it is approved: its plan rows, agreed amount and
stated reason and capacity. A signed agreement's terms never change; a new agreement supersedes
it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app import audit
from app.agreements.common import (
    IN_FORCE,
    check_version,
    clean_text,
    find_agreement,
    require_open_case,
    status_label,
)
from app.agreements.drafting import check_settled
from app.agreements.plan import PlanRow, check_plan, split_over
from app.audit_seal import case_borrower, personal
from app.auth import Permission, require
from app.cases.delinquency import loan_position
from app.concurrency import saving
from app.errors import ValidationError
from app.i18n import tr
from app.models import (
    Agreement,
    AgreementInstalment,
    AgreementKind,
    AgreementStatus,
    Case,
    User,
)
from app.models.base import utcnow
from app.money import fmt
from app.office import office_today


def require_draft(agreement: Agreement) -> None:
    if agreement.status in IN_FORCE:
        raise ValidationError(
            "Agreement {number} is signed; its terms can never be changed. "
            "Draft a new agreement to supersede it.",
            number=agreement.agreement_no,
        )
    if agreement.status is not AgreementStatus.DRAFT:
        raise ValidationError(
            "Agreement {number} is {status}; only a draft can be changed.",
            number=agreement.agreement_no,
            status=status_label(agreement),
        )


def owed_today(session: Session, agreement: Agreement, today: dt.date) -> int:
    """What the agreement's loan owes on `today`: the debt a draft's new terms settle."""
    case = session.get(Case, agreement.case_id)
    assert case is not None  # an agreement's case is never deleted
    return loan_position(session, case.loan_id, today).outstanding


def rebased(agreement: Agreement, debt: int) -> tuple[int, list[PlanRow]]:
    """A draft's terms on another debt (a payment or a charge came since its drafting): the same
    waiver off it (none left when the waiver is as much) over the same dates."""
    settled = debt - agreement.waiver_amount if debt > agreement.waiver_amount else debt
    dates = [i.due_on for i in agreement.instalments]
    return settled, [PlanRow(dates[0], settled)] if len(dates) == 1 else split_over(settled, dates)


def stale_words(
    session: Session, agreement: Agreement, today: dt.date, lang: str | None = None
) -> str | None:
    """That the loan owes another amount now than the draft's debt, which saving the draft
    takes, in the reader's language (the edit dialog, `agreement edit`); None when it does not."""
    debt = owed_today(session, agreement, today)
    if debt == agreement.debt_amount:
        return None
    case = session.get(Case, agreement.case_id)
    assert case is not None  # an agreement's case is never deleted
    return tr(
        "Loan {loan_no} now owes {owed}, not the {debt} draft {number} was drafted on (a "
        "payment or a charge came since); saved, its terms settle {owed}.",
        lang,
        loan_no=case.loan.loan_no,
        owed=fmt(debt),
        debt=fmt(agreement.debt_amount),
        number=agreement.agreement_no,
    )


def edit_draft(
    session: Session,
    user: User,
    agreement_no: str,
    *,
    rows: Sequence[PlanRow] | None = None,
    amount: int | None = None,
    stated_reason: str | None = None,
    stated_capacity: str | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Agreement:
    """Change a draft's plan rows, agreed amount or stated reason/capacity (drafts only); a new
    amount alone keeps the plan's dates and splits the amount over them. New rows or amount are
    terms on what the loan owes today (a payment since the drafting lowers the debt, not the
    waiver); so are the terms of any other edit of a draft the loan's debt has moved away from
    (its stated reason or capacity alone): the same waiver off today's debt, over the same dates,
    as the edit dialog opens it (`rebased`). The audit entry records the debt and the waiver as
    they change."""
    require(user, Permission.DRAFT_AGREEMENTS)
    today = today or office_today(session)
    agreement = find_agreement(session, user, agreement_no)
    require_draft(agreement)
    require_open_case(session, agreement)
    check_version(session, agreement, expected_version)
    settled, debt = agreement.settled_amount, agreement.debt_amount
    if amount is not None or rows is not None:
        # New terms settle what the loan owes today: a payment since the drafting is not waived.
        debt = owed_today(session, agreement, today)
        settled = check_settled(settled if amount is None else amount, debt)
    current = [PlanRow(i.due_on, i.amount) for i in agreement.instalments]
    owed = owed_today(session, agreement, today) if amount is None and rows is None else debt
    if owed != debt:  # only the statement changes, on terms the loan has moved away from
        debt = owed
        settled, plan = rebased(agreement, debt)
    elif rows is not None:
        plan = list(rows)
        if agreement.kind is AgreementKind.SETTLEMENT and len(plan) != 1:
            raise ValidationError(
                "Agreement {number} is a settlement, paid in one payment: give it one date and "
                "amount, or cancel it and draft an instalment plan instead.",
                number=agreement.agreement_no,
            )
    elif amount is not None and agreement.kind is AgreementKind.SETTLEMENT:
        plan = [PlanRow(current[0].due_on, settled)]
    elif amount is not None:  # the same dates, typed ones too; the new amount split over them
        plan = split_over(settled, [r.due_on for r in current])
    else:
        plan = current
    plan = check_plan(plan, settled, today)
    changes: dict[str, object] = {}
    with saving(session, "Agreement", agreement.agreement_no):
        if plan != current:
            agreement.instalments.clear()
            session.flush()  # the old rows go before new ones take their (agreement, seq)
            agreement.instalments.extend(
                AgreementInstalment(seq=k, due_on=r.due_on, amount=r.amount, status="pending")
                for k, r in enumerate(plan, start=1)
            )
            changes["plan"] = [[r.due_on.isoformat(), r.amount] for r in plan]
        if debt != agreement.debt_amount:
            changes["debt"] = [agreement.debt_amount, debt]
            agreement.debt_amount = debt
            # The payments recorded until now are off the debt: only later ones pay the plan.
            agreement.debt_taken_at = utcnow()
        if settled != agreement.settled_amount:
            changes["settled"] = [agreement.settled_amount, settled]
            agreement.settled_amount = settled
        if debt - settled != agreement.waiver_amount:
            changes["waiver"] = [agreement.waiver_amount, debt - settled]
            agreement.waiver_amount = debt - settled
        for field, value, what in (
            ("stated_reason", stated_reason, "reason"),
            ("stated_capacity", stated_capacity, "capacity"),
        ):
            if value is not None and clean_text(value, what) != getattr(agreement, field):
                setattr(agreement, field, clean_text(value, what))
                changes[field] = personal(
                    session, case_borrower(session, agreement.case_id), getattr(agreement, field)
                )
        if changes.keys() & {"plan", "settled", "debt", "waiver"}:
            # Whoever last set the terms is their drafter: a supervisor who raised the waiver on
            # an agent's draft may not then approve it alone (the four-eyes rule of approve).
            agreement.drafted_by_id = user.id
        if changes:
            # New plan rows alone would not touch the agreement's row: mark it, so its version
            # moves and a concurrent edit of the same draft is refused.
            flag_modified(agreement, "stated_reason")
    if changes:
        audit.record(session, user, "agreement.edit", "agreement", agreement.agreement_no, changes)
    return agreement

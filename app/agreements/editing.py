"""What the window's edit dialog starts from when a saved draft is changed: its terms on what the
loan owes today (as the edit saves them; a payment since the drafting is not a waiver), its
plan, its statement and the version the save must find.
The change itself goes through `edit_draft` (app/agreements/draft_changes.py), as `agreement edit`
does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.agreements.common import find_agreement, require_open_case, waiver_threshold
from app.agreements.draft_changes import owed_today, rebased, require_draft, stale_words
from app.agreements.drafting import DraftTerms, in_force_number
from app.agreements.holiday_dates import office_holiday_country
from app.agreements.plan import PlanRow
from app.agreements.stated import stated_words
from app.auth import Permission, require
from app.models import AgreementKind, Case, User
from app.office import office_currency, office_today


@dataclass(frozen=True)
class EditableDraft:
    agreement_no: str
    terms: DraftTerms
    settlement: bool
    settled: int
    rows: list[PlanRow]
    stated_reason: str
    stated_capacity: str
    version: int
    # That the loan owes another amount now than the draft's debt, which saving takes, in the
    # reader's language; None when its debt is still the loan's.
    stale: str | None = None


def editable_draft(
    session: Session, user: User, agreement_no: str, *, today: dt.date | None = None
) -> EditableDraft:
    """A draft's terms and contents to edit; refused for anything but a draft, as the edit is."""
    require(user, Permission.DRAFT_AGREEMENTS)
    today = today or office_today(session)
    agreement = find_agreement(session, user, agreement_no)
    require_draft(agreement)
    require_open_case(session, agreement)
    case = session.get(Case, agreement.case_id)
    assert case is not None  # an agreement's case is never deleted
    rows = [PlanRow(i.due_on, i.amount) for i in agreement.instalments]
    debt = owed_today(session, agreement, today)
    stale = stale_words(session, agreement, today)  # the dialog's terms are on today's debt
    settled = agreement.settled_amount
    if stale is not None:  # the same waiver off today's debt, over the same dates, as saved
        settled, rows = rebased(agreement, debt)
    terms = DraftTerms(
        case.case_no,
        case.loan.borrower.name,
        case.loan.loan_no,
        debt,
        waiver_threshold(session),
        rows[0].due_on if rows else today,
        in_force_number(session, case.id),
        office_holiday_country(session),
        currency=office_currency(session),
    )
    return EditableDraft(
        agreement.agreement_no,
        terms,
        agreement.kind is AgreementKind.SETTLEMENT,
        settled,
        rows,
        *stated_words(session, agreement),  # a visit's words in the reader's language
        agreement.version,
        stale,
    )

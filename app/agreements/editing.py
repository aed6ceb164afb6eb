"""What the window's edit dialog starts from when a saved draft is changed: its terms as drafted
(the debt it settles, not today's), its plan, its statement and the version the save must find.
The change itself goes through `edit_draft` (app/agreements/draft_changes.py), as `agreement edit`
does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.agreements.common import find_agreement, waiver_threshold
from app.agreements.draft_changes import require_draft
from app.agreements.drafting import DraftTerms, in_force_number
from app.agreements.holiday_dates import office_holiday_country
from app.agreements.lifecycle import check_debt
from app.agreements.plan import PlanRow
from app.auth import Permission, require
from app.errors import CasedeskError
from app.models import AgreementKind, Case, User
from app.office import office_today


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
    # Why it cannot be approved as it stands (the loan owes another amount now), in the
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
    case = session.get(Case, agreement.case_id)
    assert case is not None  # an agreement's case is never deleted
    rows = [PlanRow(i.due_on, i.amount) for i in agreement.instalments]
    try:
        check_debt(session, agreement, today)
        stale = None
    except CasedeskError as error:
        stale = error.translated()
    terms = DraftTerms(
        case.case_no,
        case.loan.borrower.name,
        case.loan.loan_no,
        agreement.debt_amount,
        waiver_threshold(session),
        rows[0].due_on if rows else today,
        in_force_number(session, case.id),
        office_holiday_country(session),
    )
    return EditableDraft(
        agreement.agreement_no,
        terms,
        agreement.kind is AgreementKind.SETTLEMENT,
        agreement.settled_amount,
        rows,
        agreement.stated_reason or "",
        agreement.stated_capacity or "",
        agreement.version,
        stale,
    )

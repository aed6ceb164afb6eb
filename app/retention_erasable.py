"""Which borrowers of the cases past their records retention may be erased, said before an admin
is asked to confirm (found by QA: the list offered a borrower whose other loan was still being
repaid, the confirmation counted them, and only the result said no).

Two readings: `active_loans` marks, in one query for a whole list, the borrowers that another
loan still being repaid (or with legal) keeps, which is what mostly keeps a closed case's
borrower; `erasure_refusals` is the full check `erase_borrower` makes, for the borrowers an admin
selected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.erasure import NotErasable, erasure_refusal, erasure_rule
from app.i18n import Words, tr
from app.labels import LOAN_STATUS
from app.models import Borrower, Case, Loan, LoanStatus


def active_loans(session: Session, case_ids: Sequence[int]) -> dict[int, tuple[str, LoanStatus]]:
    """By case id, the first loan of the case's borrower still being repaid or with legal (its
    number and status), for the cases whose borrower has one."""
    found: dict[int, tuple[str, LoanStatus]] = {}
    ids = list(case_ids)
    other = aliased(Loan)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Case.id, other.loan_no, other.status)
            .join(Loan, Loan.id == Case.loan_id)
            .join(other, other.borrower_id == Loan.borrower_id)
            .where(
                Case.id.in_(ids[start : start + 500]),
                other.status.in_([LoanStatus.ACTIVE, LoanStatus.LEGAL]),
            )
            .order_by(Case.id, other.id)
        )
        for case_id, loan_no, status in rows:
            found.setdefault(case_id, (loan_no, status))
    return found


def erasure_refusals(
    session: Session, borrower_nos: Sequence[str], today: dt.date | None = None
) -> dict[str, NotErasable]:
    """Why each of these borrowers may not be erased today, for those who may not (the check
    `erase_borrower` makes; a rule switched off refuses every one)."""
    from app.office import office_today

    today = today or office_today(session)
    rule = erasure_rule(session)
    refused: dict[str, NotErasable] = {}
    for number in dict.fromkeys(borrower_nos):
        borrower = session.scalar(select(Borrower).where(Borrower.borrower_no == number))
        if borrower is None:
            continue
        why = erasure_refusal(session, borrower, rule, today)
        if why is not None:
            refused[number] = why
    return refused


def personal_data_words(
    erased: dt.date | None, kept_by: tuple[str, LoanStatus] | None, lang: str | None = None
) -> str:
    """Whether a listed case's borrower's personal data were erased, or which loan of theirs still
    keeps them: the Rules page's list and `casedesk rules retention` say it alike."""
    if erased is not None:
        return tr("Erased on {date}", lang, date=erased.isoformat())
    if kept_by is not None:
        loan, status = kept_by
        return tr(
            "Kept: loan {loan} is {status}",
            lang,
            loan=loan,
            status=Words(LOAN_STATUS[status.value]),
        )
    return ""

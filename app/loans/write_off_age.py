"""When a loan may be written off: from the last bucket's first day past due (a write-off
candidate); earlier only as an exception the supervisor confirms, never on a loan with nothing
overdue (app/loans/closure.py decides, the window and the CLI word the confirmation)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.cases.delinquency import BUCKETS, loan_position
from app.errors import ValidationError
from app.models import Loan

# A loan becomes a write-off candidate in the last bucket (181 days past due); an earlier
# write-off is a deliberate exception the supervisor confirms (`early`), never a slip.
CANDIDATE_DPD = BUCKETS[-1][0]


# Refused before the write-off age without "early": the window's words, its tick box above them;
# the command line says its option instead (app/cli/cmd_closure.py).
NOT_YET_WRITTEN_OFF = (
    "Loan {loan} is {dpd} days past due on {date}; loans are written off from {days} days past "
    "due. To write it off earlier, confirm an early write-off."
)
NOT_YET_WRITTEN_OFF_CLI = (
    "Loan {loan} is {dpd} days past due on {date}; loans are written off from {days} days past "
    "due. To write it off earlier, add --early."
)


def write_off_candidate(session: Session, loan: Loan, day: dt.date, early: bool) -> None:
    """Refuse writing off a loan with nothing overdue on the day, and one overdue fewer than
    CANDIDATE_DPD days unless the supervisor confirmed an early write-off."""
    dpd = loan_position(session, loan.id, day).dpd
    if dpd == 0:
        raise ValidationError(
            "Loan {loan} has nothing overdue on {date}: a loan being repaid is not written off.",
            loan=loan.loan_no,
            date=day,
        )
    if dpd < CANDIDATE_DPD and not early:
        raise ValidationError(
            NOT_YET_WRITTEN_OFF,
            loan=loan.loan_no,
            dpd=dpd,
            date=day,
            days=CANDIDATE_DPD,
        )

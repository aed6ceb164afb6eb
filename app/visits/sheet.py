"""The daily visit sheet as it leaves the database: each print is audited, as an agreement's and
a report's are, since the sheet carries every borrower's full phone number and home address."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app import audit
from app.i18n import current_language, normalise
from app.models import User
from app.queries.visits import VisitSheet, day_sheet


def gather_sheet(
    session: Session, user: User, agent: str, day: dt.date, lang: str | None = None
) -> VisitSheet:
    """`agent`'s visit sheet for the office-local `day`, to print in `lang`: who printed whose
    sheet, for which day, with which visits, is on the audit trail. Render it in the same
    transaction, so a sheet that could not be written leaves no entry."""
    sheet = day_sheet(session, user, agent, day)
    audit.record(
        session,
        user,
        "visit.sheet",
        "user",
        sheet.agent_username,
        {
            "day": day.isoformat(),
            "visits": [v.visit_no for v in sheet.visits],
            "language": normalise(lang) if lang else current_language(),
        },
    )
    return sheet

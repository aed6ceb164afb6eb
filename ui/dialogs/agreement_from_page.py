"""Open the draft dialog from a page (a case, or a visit's outcome) and tell the page how it
went: the new agreement's number, or the core's refusal."""

from __future__ import annotations

from typing import Protocol, cast

from PySide6.QtWidgets import QWidget

from app.agreements.from_visit import case_visit_statement, draft_refusal, visit_statement
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.dialogs.agreement import AgreementDialog
from ui.focus import focus_returns
from ui.signals import ChangeHub


class MessagePage(Protocol):
    def show_message(self, text: str, error: bool = False) -> None: ...


def draft_from_page(
    page: QWidget,
    database: Database,
    user: User,
    hub: ChangeHub | None,
    *,
    case_no: str | None = None,
    visit_no: str | None = None,
) -> str | None:
    """Run the draft dialog from a page, on a case or from a visit's outcome; the new number,
    or a refusal (an agreement already in progress, a closed case, a visit with no outcome),
    is told with the page's show_message. From a case, a completed visit's outcome no agreement
    was drafted from yet is the starting point, as from the Visits page (found by QA: the case's
    agent, not on the visit's team, could not start from it anywhere)."""
    said = cast(MessagePage, page)
    try:
        with database.sessions() as session:
            actor = session.get(User, user.id)
            assert actor is not None
            if visit_no is not None:
                refusal = draft_refusal(session, actor, visit_no)
                if refusal is not None:
                    raise refusal
                visit = visit_statement(session, actor, visit_no)
                case_no = visit.case_no
            else:
                assert case_no is not None
                visit = case_visit_statement(session, actor, case_no)
        with focus_returns(page):  # its dialog runs its own exec(), not run_modal's
            number = AgreementDialog.draft(page, database, user, case_no, hub, visit=visit)
    except CasedeskError as error:
        said.show_message(error.translated(), error=True)
        return None
    if number:
        said.show_message(_("Drafted agreement {number}.", number=number))
    return number

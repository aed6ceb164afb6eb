"""Why the case page's actions are greyed on a closed case: said on each, as the others say
theirs (QA s42: four were greyed with nothing said, beside Request visit… that explained
itself)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.i18n import tr as _

if TYPE_CHECKING:
    from app.queries.case_page import CaseDetail
    from ui.pages.case_page import CasePage


def say_why_closed(page: CasePage, detail: CaseDetail | None) -> None:
    """A closed case's greyed actions without a reason of their own get "it is closed"; the
    two that only ever say that lose it again on an open case."""
    closed = (
        _("Case {case} is closed: nothing more is recorded or decided on it.", case=detail.case_no)
        if detail is not None and detail.status == "closed"
        else ""
    )
    for button in (page.contact_button, page.assign_button):
        button.setToolTip("" if button.isEnabled() else closed)
    for button in (page.agreement_button, page.visit_button, page.closure_button):
        if not button.isEnabled() and not button.toolTip():
            button.setToolTip(closed)

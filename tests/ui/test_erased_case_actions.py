"""The case of a borrower whose personal data were erased offers nothing the core refuses (found
walking such a case, session 35: the Case menu and the command palette offered Add note…, and only
the core refused the note once it was typed and saved). On a copy of the demo office, as a
supervisor and as the case's agent, in English and Chinese: the case page's buttons are greyed out
saying why; so are the Case menu's Log contact…, Post payment… and Add note…, which the palette
lists greyed with the reason; a shortcut from the queue with nothing selected says it and opens
nothing; the case still opens and its audit trail still shows. The same actions on an open case
stay offered. Screenshots: the case page, the Case menu and the palette."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtWidgets import QMenu
from sqlalchemy import select

from app.erasure import erase_borrower
from app.i18n import set_language
from app.i18n import tr as _
from app.models import Case, CaseStatus, Loan
from tests.core.test_erasure import _erasable, _user
from tests.office_day import office_today
from tests.ui.test_case_note_dialog import database
from tests.ui.test_trust import grab, window_for
from ui.actions import Action, plain

__all__ = ["database"]
pytestmark = pytest.mark.gui
REFUSED = (Action.LOG_CONTACT, Action.POST_PAYMENT, Action.CASE_NOTE, Action.BOOK_VISIT)
BUTTONS = (
    "contact_button",
    "pay_button",
    "assign_button",
    "agreement_button",
    "visit_button",
    "flags_button",
    "closure_button",
    "complaint_button",
    "note_button",
)


def _erased_case(database) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """A case of a borrower now erased, its agent, and an open case of that agent's."""
    with database.session() as s:
        borrower = _erasable(s)
        case = s.scalar(
            select(Case)
            .join(Loan)
            .where(Loan.borrower_id == borrower.id, Case.assigned_agent_id.is_not(None))
            .order_by(Case.id)
        )
        assert case is not None and case.assigned_agent is not None
        found = case.case_no, case.assigned_agent.username
        open_no = s.scalar(
            select(Case.case_no)
            .where(
                Case.assigned_agent_id == case.assigned_agent_id,
                Case.status != CaseStatus.CLOSED,
            )
            .order_by(Case.id)
        )
        erase_borrower(s, _user(s, "admin"), borrower.borrower_no)
    return *found, open_no


def _case_menu(window) -> QMenu:  # type: ignore[no-untyped-def]
    note = window.command_actions.by_id[Action.CASE_NOTE]
    return next(m.menu() for m in window.menuBar().actions() if note in m.menu().actions())


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("who", ["supervisor", "agent"])
def test_an_erased_borrowers_case_offers_nothing_the_core_refuses(
    qtbot, database, screenshot_dir, lang: str, who: str
) -> None:
    case_no, agent, open_no = _erased_case(database)
    set_language(lang)
    window = window_for(qtbot, database, agent if who == "agent" else "supervisor")
    page = window.cases
    window.show_page(page)
    actions = window.command_actions.by_id
    # An open case: the actions are offered, with no reason against them.
    assert page.show_case(open_no)
    for key in (Action.LOG_CONTACT, Action.CASE_NOTE):
        assert actions[key].isEnabled() and actions[key].statusTip() == "", key
    assert page.show_case(case_no)
    said = _(
        "The borrower's personal data were erased on {date}: nothing new can be recorded about "
        "them.",
        date=office_today().isoformat(),
    )
    shown = [getattr(page, name) for name in BUTTONS if not getattr(page, name).isHidden()]
    assert page.note_button in shown and page.contact_button in shown
    for button in shown:
        assert not button.isEnabled() and button.toolTip() == said, button.text()
    for key in REFUSED:
        action = actions[key]
        assert not action.isEnabled(), key
        assert action.statusTip() == said and action.toolTip() == said, key
    menu = _case_menu(window)
    assert menu.toolTipsVisible()  # the reason shows on the greyed item
    grab(window, screenshot_dir / f"erasedwalk-case-{who}-{lang}.png")
    menu.popup(window.mapToGlobal(QPoint(200, 30)))
    qtbot.waitExposed(menu)
    grab(menu, screenshot_dir / f"erasedwalk-menu-{who}-{lang}.png")
    menu.hide()

    # The palette lists Add note… greyed, its reason under the list; Enter runs nothing.
    palette = window.show_palette()
    palette.filter.setText(plain(_("Add note…")))
    note = plain(actions[Action.CASE_NOTE].text())
    assert palette.shown_titles() == [] and palette.greyed_titles() == {note: said}
    assert palette.empty.isVisible() and palette.empty.text() == said
    assert not palette.run_current() and palette.isVisible()
    grab(palette, screenshot_dir / f"erasedwalk-palette-{who}-{lang}.png")
    palette.reject()

    # The queue in front, no row selected or current: the shortcut reaches the case page's case
    # and says why (a current row would be the case acted on: ui/commands.py _current_case).
    window.show_page(window.queue)
    window.queue.table.selectionModel().clearSelection()
    window.queue.table.setCurrentIndex(QModelIndex())
    assert window.queue.selected_ids() == [] and window.queue.current_id() is None
    assert actions[Action.LOG_CONTACT].isEnabled()  # its selection would be an open case
    assert window.log_contact() is None and window.case_note() is None
    assert window.statusBar().currentMessage() == said
    assert window.stack.currentWidget() is page and not actions[Action.CASE_NOTE].isEnabled()

    # What the core allows stays: the case opens, and (who may read it) its audit trail.
    assert page.title.text().startswith(case_no) and page.timeline.rowCount() > 0
    if who == "supervisor":
        trail = actions[Action.CASE_AUDIT]
        assert trail.isEnabled() and trail.statusTip() == ""
        trail.trigger()
        assert window.stack.currentWidget() is window.audit
        assert window.audit.case_no.text() == case_no
    else:
        assert Action.CASE_AUDIT not in actions
    set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_erased_borrowers_related_person_may_not_be_contacted(
    qtbot, database, screenshot_dir, lang: str
) -> None:
    """QA: the related persons the erasure keeps (without name or phone) read "May be contacted:
    Yes", though no contact with them can be logged any more. They now say No, and why; the
    blanks say there is nothing to show."""
    from ui.pages.case_timeline import RELATED
    from ui.table_fill import cell_text

    case_no, _agent, _open_no = _erased_case(database)
    set_language(lang)
    window = window_for(qtbot, database, "supervisor")
    page = window.cases
    window.show_page(page)
    assert page.show_case(case_no)
    table = page.related
    assert table.rowCount() >= 1
    said = _("No — {reason}", reason=_("personal data erased"))
    assert said == ("否——个人信息已删除" if lang == "zh_CN" else "No — personal data erased")
    for row in range(table.rowCount()):
        cells = [cell_text(table, row, column) for column in range(len(RELATED))]
        assert cells[0] == "—" and cells[2] == "—" and cells[3] == said, cells
    grab(window, screenshot_dir / f"erased-related-{lang}.png")
    set_language("en")

"""A visit's later steps and the supervisor's dialogs with names at their stored maximum (a
user's display name of 120 characters, a borrower's of 100, an address of 300), at 1366 × 768 in
English and Chinese: booking, the Visits page where the team checks in and out, check-out, an
incident, a no-show, rescheduling, Assign by rule and an agreement's draft stay within the
screen with their buttons on it. QA: on the Visits page a 120-character agent's name took the
week calendar's whole width (its days behind a scroll bar) and the selected visit's line held
the page 1,431 px wide. Real widgets on the visit office (tests/core/visit_office.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton, QWidget
from sqlalchemy import select

from app.i18n import set_language
from tests.conftest import TEST_KEY
from tests.core.visit_office import case_nos, login, slot, visit_office_path
from tests.ui.cells import cell_tip, header_text, header_tip
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
SCREEN = (1366, 768)
PAGE_WIDTH = 1166  # what the main window leaves a page at 1366, beside its side bar
LAPTOP_WIDTH = 1024


def _long(text: str, size: int) -> str:
    return (text * (size // len(text) + 1))[:size]


@pytest.fixture
def database(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator[Any]:
    """The visit office with every name and address at its column's maximum: half the users
    named in Latin letters (words to wrap at), half in Chinese (no spaces)."""
    from app.models import Address, Borrower, Office, User
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    with db.session() as s:
        for n, user in enumerate(s.scalars(select(User).order_by(User.id))):
            latin = f"{user.display_name} {user.username}-Montgomery-Smithson "
            user.display_name = _long(user.display_name + "司马长名字" if n % 2 else latin, 120)
        for borrower in s.scalars(select(Borrower)):
            borrower.name = _long(borrower.name + "欧阳长名字", 100)
        for address in s.scalars(select(Address)):
            address.line = _long(address.line + " 某某路一千二百三十四号某某小区", 300)
        for office in s.scalars(select(Office)):
            office.name = _long(office.name + "长名称网点", 200)
    yield db
    db.close()
    set_language("en")


def _shown(qtbot: Any, widget: QWidget) -> Any:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    return widget


def _fits(widget: QWidget, most: int = LAPTOP_WIDTH) -> None:
    """Narrow enough (its narrowest too), within the screen, each list of choices capped and
    every button shown whole inside it."""
    from ui.combo_width import COMBO_WIDTH

    QApplication.processEvents()
    name = type(widget).__name__
    assert widget.minimumSizeHint().width() <= most, name
    assert widget.width() <= SCREEN[0] and widget.height() <= SCREEN[1], name
    for combo in widget.findChildren(QComboBox):
        assert combo.width() <= COMBO_WIDTH, (name, combo.currentText())
    for button in widget.findChildren(QPushButton):
        if button.isVisible():
            right = button.mapTo(widget, button.rect().bottomRight())
            assert widget.rect().contains(right), (name, button.text())


def _calendar_fits(page: Any, borrower: str) -> None:
    """The agents' names are cut (whole in their tooltips), the week's last day on screen, a
    borrower's name cut in its cell (whole in the cell's tooltip), the list's names capped."""
    from ui.pages.visits_view import AGENT_WIDTH, CELL_NAME_CHARS, LIST_HEADERS, LIST_NAME_WIDTH

    calendar = page.calendar
    assert calendar.verticalHeader().width() <= AGENT_WIDTH
    head = header_text(calendar, 0, vertical=True)
    assert header_tip(calendar, 0, vertical=True) == head and len(head.split("\n")[0]) == 120
    days = calendar.horizontalHeader()
    assert days.sectionViewportPosition(6) + days.sectionSize(6) <= calendar.viewport().width()
    cells = [(r, c) for r in range(calendar.rowCount()) for c in range(7)]
    visit = next(cell for cell in cells if cell_text(calendar, *cell))
    assert borrower not in cell_text(calendar, *visit) and borrower in cell_tip(calendar, *visit)
    assert all(len(line) <= CELL_NAME_CHARS for line in cell_text(calendar, *visit).split("\n"))
    shown = page.list.horizontalHeader()
    for column in (LIST_HEADERS.index("Borrower"), LIST_HEADERS.index("Agents")):
        assert shown.sectionSize(column) <= LIST_NAME_WIDTH, LIST_HEADERS[column]
        assert cell_tip(page.list, 0, column) == cell_text(page.list, 0, column)


def test_a_visit_from_booking_to_check_out_fits(qtbot, database, lang, screenshot_dir) -> None:
    from app.models import Borrower
    from tests.ui.test_visits_page import come_due_shown
    from ui.dialogs.incident import IncidentDialog
    from ui.dialogs.visit import VisitDialog
    from ui.dialogs.visit_noshow import NoShowDialog
    from ui.dialogs.visit_outcome import VisitOutcomeDialog
    from ui.dialogs.visit_reschedule import RescheduleDialog
    from ui.pages.visits import VisitsPage
    from ui.signals import ChangeHub

    agent = login(database, "agent01")
    dialog = _shown(qtbot, VisitDialog(database, agent, case_nos(database)[0]))
    _fits(dialog)
    for box in (dialog.identity, dialog.address, dialog.phone):
        box.setChecked(True)
    assert dialog.try_verify()
    dialog.set_start(slot(10))
    dialog.set_agents("agent01", "agent04")  # agent04 untrained: the verdict names them
    qtbot.waitUntil(lambda: not dialog.timer.isActive(), timeout=3000)
    _fits(dialog)
    dialog.grab().save(str(screenshot_dir / f"long_names_visit_book_{lang}.png"))
    dialog.set_agents("agent01", "agent02")
    dialog.agreed.setChecked(True)
    dialog.enter.setChecked(True)
    qtbot.waitUntil(lambda: not dialog.timer.isActive(), timeout=3000)
    assert dialog.try_book()
    number = dialog.booked
    assert number is not None
    _fits(_shown(qtbot, RescheduleDialog(database, agent, number)))

    page = VisitsPage(database, ChangeHub(), login(database, "supervisor"))
    page.resize(PAGE_WIDTH, 700)
    _shown(qtbot, page)
    come_due_shown(page, database, number)
    assert page.check_in_selected()
    QApplication.processEvents()
    assert page.width() == PAGE_WIDTH and page.minimumSizeHint().width() <= PAGE_WIDTH
    with database.sessions() as s:
        borrower = s.scalars(select(Borrower.name)).first()
    _calendar_fits(page, borrower)
    page.grab().save(str(screenshot_dir / f"long_names_visits_page_{lang}.png"))
    page.tabs.setCurrentIndex(1)
    page.grab().save(str(screenshot_dir / f"long_names_visits_list_{lang}.png"))
    page.tabs.setCurrentIndex(0)

    _fits(_shown(qtbot, IncidentDialog(database, agent, number)))
    _fits(_shown(qtbot, NoShowDialog(database, agent, number)))
    outcome = _shown(qtbot, VisitOutcomeDialog(database, agent, number))
    _fits(outcome)
    outcome.grab().save(str(screenshot_dir / f"long_names_check_out_{lang}.png"))


def test_assign_by_rule_and_a_draft_fit(qtbot, database, lang, screenshot_dir) -> None:
    from app.queries.cases import agent_choices
    from ui.dialogs.agreement import AgreementDialog
    from ui.dialogs.assign import AssignRuleDialog

    with database.sessions() as s:
        agents = agent_choices(s)
    rule = _shown(qtbot, AssignRuleDialog(None, agents))
    for index in range(rule.cases_of.count()):  # each agent's name in the note, which wraps
        rule.cases_of.setCurrentIndex(index)
        _fits(rule, 640)
        note = rule.note  # its last line too (QA: cut off below the Assign button's row)
        assert note.height() >= note.heightForWidth(note.width()), rule.cases_of.currentText()
    rule.grab().save(str(screenshot_dir / f"long_names_assign_rule_{lang}.png"))
    agent = login(database, "agent01")
    _fits(_shown(qtbot, AgreementDialog(database, agent, case_nos(database)[0])))

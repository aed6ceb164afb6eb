"""The keyboard-only day, on the lists: Tab leaves a list for the next field or button (it went
from cell to cell, and a list of hundreds of rows kept the keyboard), the arrows still move along
the rows, and Enter opens the row wherever a double-click does: a rule (admin), a training record
(supervisor), a borrower's loan, a row of a dashboard tile's list (Enter closed the list)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from tests.ui import test_keyboard_day
from tests.ui.test_keyboard_day import activate, press
from tests.ui.test_keyboard_more import keys_back_after
from tests.ui.test_queue import window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
database = test_keyboard_day.database  # a copy of the demo office, its queue rebuilt


def tab_leaves(qtbot, view: QAbstractItemView) -> QWidget | None:
    """Give `view` the keys on its first row, press Tab: where the keys went (the row kept)."""
    activate(qtbot, view.window())
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=2000)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.currentIndex().row() == 0 and view.currentIndex().column() == 0
    return QApplication.focusWidget()


def test_tab_leaves_the_work_queue_and_the_arrows_move_along_it(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent01")
    table = window.queue.table
    assert table.model().rowCount() > 1 and table.model().columnCount() > 1
    left_for = tab_leaves(qtbot, table)
    assert left_for is not table and left_for is not None
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1  # the arrows still move along the rows
    qtbot.keyClick(table, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is not table


def test_tab_leaves_the_lists_of_a_case_and_of_the_borrowers(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent01")
    window.open_case(window.queue.model.id_at(0))
    timeline = window.cases.timeline
    assert timeline.rowCount() > 0 and timeline.columnCount() > 1
    assert tab_leaves(qtbot, timeline) is not timeline
    borrowers = window.page("borrowers")
    window.show_page(borrowers)
    assert tab_leaves(qtbot, borrowers.table) is not borrowers.table


def test_tab_leaves_the_visits_calendar(qtbot, database) -> None:
    window = window_for(qtbot, database, "supervisor")
    page = window.page("visits")
    window.show_page(page)
    calendar = page.calendar
    assert calendar.rowCount() > 0 and calendar.columnCount() > 1
    assert tab_leaves(qtbot, calendar) is not calendar


def test_enter_on_a_rule_opens_its_change(qtbot, database) -> None:
    window = window_for(qtbot, database, "admin")
    page = window.page("rules")
    window.show_page(page)
    page.rules.selectRow(0)
    assert page.selected_rule() is not None
    seen = keys_back_after(qtbot, page.rules, lambda: qtbot.keyClick(page.rules, Qt.Key.Key_Return))
    assert seen == ["RuleEditDialog"]


def test_enter_on_a_training_record_opens_it(qtbot, database) -> None:
    window = window_for(qtbot, database, "supervisor")
    page = window.page("training")
    window.show_page(page)
    for row in range(page.table.rowCount()):  # the first agent with a record
        page.table.selectRow(row)
        if page.history.rowCount():
            break
    assert page.history.rowCount() > 0
    page.history.selectRow(0)
    assert page.selected_record_id() is not None
    seen = keys_back_after(
        qtbot, page.history, lambda: qtbot.keyClick(page.history, Qt.Key.Key_Enter)
    )
    assert seen == ["TrainingRecordDialog"]


def test_enter_on_a_borrowers_loan_opens_it(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    page = window.page("borrowers")
    window.show_page(page)
    page.table.selectRow(0)
    loans = page.detail.loans
    assert loans.rowCount() > 0
    loan_no = cell_text(loans, 0, 0)
    loans.setFocus()
    loans.setCurrentCell(0, 0)
    press(qtbot, window, "Return")
    shown = window.stack.currentWidget()
    assert shown is window.page("loans")
    rows = shown.table.selectionModel().selectedRows()
    assert len(rows) == 1 and shown.model.data(rows[0]) == loan_no


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_a_dashboard_list_opens_the_row(qtbot, key) -> None:
    from ui.dialogs.dashboard_list import ListDialog

    opened: list[str] = []
    rows = [["C2026-000001", "张三"], ["C2026-000002", "李四"]]
    dialog = ListDialog("Promises due", ("Case no.", "Borrower"), rows, 0, opened.append)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    dialog.table.setFocus()
    dialog.table.setCurrentCell(1, 0)
    qtbot.keyClick(dialog.table, key)
    assert opened == ["C2026-000002"]  # not Close, the dialog's default button
    assert dialog.result() == dialog.DialogCode.Accepted


@pytest.mark.parametrize("page_name", ["queue", "borrowers", "agreements"])
def test_down_from_the_search_box_goes_to_what_it_found(qtbot, database, page_name) -> None:
    """Ctrl+F, type, Down: the keys are on the first row found (the search not yet run for the
    pause after typing runs now), and Enter opens it on the queue. Down stayed in the box."""
    window = window_for(qtbot, database, "supervisor")
    activate(qtbot, window)
    page = window.page(page_name)
    window.show_page(page)
    table = page.table
    wanted = table.model().index(table.model().rowCount() - 1, 0).data()
    press(qtbot, window, "Ctrl+F")
    assert QApplication.focusWidget() is page.search
    qtbot.keyClicks(page.search, wanted)
    press(qtbot, window, "Down")
    assert QApplication.focusWidget() is table
    assert table.currentIndex().row() == 0 and table.currentIndex().data() == wanted
    if page_name == "queue":
        case_id = page.model.id_at(0)
        press(qtbot, window, "Return")
        assert window.cases.detail.id == case_id

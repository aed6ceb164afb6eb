"""A dashboard tile's list, worked with the keys: Escape closes it and the keyboard is back on the
tile; Enter on a row opens its case with the keyboard on its timeline. The list is not modal, and
after it closed no window was active where no window manager hands the activation back: the keys
went nowhere until a click (ui/dialogs/dashboard_list.py); a row's case then had them in its
case-number box, not on its timeline as from the queue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import settings
from app.cases.payments import record_payment
from app.models import Agreement, Case, CaseStatus, Loan, User
from tests.ui.test_keyboard_day import activate, press
from tests.ui.test_queue import open_office, window_for

pytestmark = pytest.mark.gui
PAID = 10_000  # 100.00


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    for db in open_office(request, tmp_path):
        paid_today(db)
        yield db


def paid_today(database) -> None:  # type: ignore[no-untyped-def]
    """A payment today on an open case, so "Recovered this month" lists a row on any day: on a
    month's 1st the demo has recovered nothing yet that month, and its list was empty."""
    with database.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        loan_no = s.scalar(
            select(Loan.loan_no)
            .join(Case, Case.loan_id == Loan.id)
            .where(
                Case.status.not_in([CaseStatus.CLOSED, CaseStatus.LEGAL]),
                Case.amount_overdue > PAID,
                ~select(Agreement.id).where(Agreement.case_id == Case.id).exists(),
            )
            .order_by(Case.id)
        )
        assert loan_no is not None
        day = settings.as_of(s)  # the dashboard's month is the queue date's
        record_payment(s, supervisor, loan_no, PAID, day, today=day)


def open_tile_list(qtbot, window, key: str):  # type: ignore[no-untyped-def]
    window.show_page(window.dashboard)
    tile = window.dashboard.tiles[key]
    QApplication.processEvents()  # the page's own first focus, given after it shows
    tile.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tile, timeout=2000)
    press(qtbot, window, "Return")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.list_dialog, timeout=5000)
    dialog = window.list_dialog
    assert dialog.table.rowCount() > 0
    return tile, dialog


def test_escape_on_a_tiles_list_gives_the_keys_back_to_the_tile(qtbot, database) -> None:
    window = window_for(qtbot, database, "supervisor")
    activate(qtbot, window)
    tile, dialog = open_tile_list(qtbot, window, "recovered")
    press(qtbot, dialog, "Esc")
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tile, timeout=2000)
    assert QApplication.activeWindow() is window


def test_enter_on_a_tiles_row_leaves_the_keys_on_the_case(qtbot, database) -> None:
    window = window_for(qtbot, database, "supervisor")
    activate(qtbot, window)
    _tile, dialog = open_tile_list(qtbot, window, "recovered")
    dialog.table.setFocus()
    dialog.table.setCurrentCell(0, 0)
    press(qtbot, dialog, "Return")
    assert window.stack.currentWidget() is window.cases
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    assert QApplication.focusWidget() is window.cases.timeline


def test_a_tiles_list_is_named_after_its_title(qtbot, database) -> None:
    from ui.accessible import accessible_name

    window = window_for(qtbot, database, "supervisor")
    activate(qtbot, window)
    _tile, dialog = open_tile_list(qtbot, window, "recovered")
    assert accessible_name(dialog.table) == "Recovered this month: the payments"
    dialog.reject()

"""QA of the late check-out banner: with two teams late, Resolve… clears the alert of the late
visit the supervisor selected (it always took the most overdue one, so a note about the team that
had called in cleared the alert of the team still unaccounted for)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app.models import Visit
from app.visits import check_in, late_visits
from tests.core.test_visits import _run, come_due
from tests.core.visit_office import book, case_nos, slot, verified_visit
from tests.ui import test_visits_page
from tests.ui.test_visit_qa_unbooked import _page
from tests.ui.test_visits_page import grab

pytestmark = pytest.mark.gui

database = test_visits_page.database  # the visit office, a fresh copy per test


def _late(database, case_no: str, hour: int, team: tuple[str, str], ended_ago: dt.timedelta):
    """A visit checked in by its team whose booked end passed `ended_ago` ago."""
    visit_no = verified_visit(database, case_no)
    assert book(database, visit_no, agents=team, start=slot(hour)).saved
    come_due(database, visit_no)
    _run(database, team[0], check_in, visit_no)
    end = dt.datetime.now(dt.UTC) - ended_ago
    with database.session() as s:
        s.execute(
            update(Visit)
            .where(Visit.visit_no == visit_no)
            .values(scheduled_start=end - dt.timedelta(hours=1), scheduled_end=end)
        )
    return visit_no


def test_resolve_clears_the_selected_late_visit(qtbot, database, screenshot_dir):
    cases = case_nos(database)
    first = _late(database, cases[0], 10, ("agent01", "agent02"), dt.timedelta(hours=3))
    second = _late(database, cases[1], 14, ("agent03", "agent01"), dt.timedelta(hours=1))
    page = _page(qtbot, database, "supervisor")
    assert [a.visit_no for a in page.alerts] == [first, second]  # the most overdue first
    with database.sessions() as s:
        start = s.scalar(select(Visit.scheduled_start).where(Visit.visit_no == second))
    page.show_week(start.replace(tzinfo=dt.UTC).astimezone(slot(10).tzinfo).date())
    page.select(second)
    assert page.selected is not None and page.selected.visit_no == second
    grab(page, screenshot_dir / "visit_qa_two_late.png")
    assert page.resolve_first("The second team called: both safe, borrower not home.")
    with database.sessions() as s:
        still = [v.visit_no for v in late_visits(s)]
        note = s.scalar(select(Visit.late_checkout_note).where(Visit.visit_no == second))
    assert still == [first]
    assert note == "The second team called: both safe, borrower not home."
    # Nothing late selected: the most overdue, as before.
    page.select(None)
    assert page.resolve_first("Reached the first team by phone.")
    with database.sessions() as s:
        assert late_visits(s) == []


def test_a_days_cell_is_coloured_by_its_most_pressing_visit() -> None:
    """A completed visit first in the cell hid a second one under way (QA): a team out comes
    first, then a visit to come, a no-show, one done."""
    from app.models import VisitStatus as S
    from ui.pages.visits_view import pressing, status_colour

    assert pressing([S.COMPLETED, S.IN_PROGRESS]) is S.IN_PROGRESS
    assert pressing([S.COMPLETED, S.BOOKED, S.NO_SHOW]) is S.BOOKED
    assert pressing([S.COMPLETED, S.NO_SHOW]) is S.NO_SHOW
    assert pressing([S.COMPLETED]) is S.COMPLETED
    assert status_colour(pressing([S.COMPLETED, S.IN_PROGRESS])) == status_colour(S.IN_PROGRESS)


def test_escaping_the_resolve_question_gives_the_keys_back(qtbot, database):
    """Resolve… pressed from the keyboard and its question escaped: the keys on Resolve… again
    (they went nowhere until a click where no window manager hands the activation back)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QInputDialog

    from tests.ui.test_trust import when_modal

    late = _late(database, case_nos(database)[0], 10, ("agent01", "agent02"), dt.timedelta(hours=2))
    page = _page(qtbot, database, "supervisor")
    assert [a.visit_no for a in page.alerts] == [late]
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.resolve_button.setFocus()
    asked: list[str] = []

    def escape(dialog: QInputDialog) -> None:
        asked.append(dialog.labelText())
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    when_modal(QInputDialog, escape)
    QTest.keyClick(page.resolve_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(asked) and QApplication.activeModalWidget() is None)
    qtbot.wait(50)  # what the question's window leaving does to the activation, done
    assert asked == [f"What did you find out about visit {late}?"]
    assert [a.visit_no for a in page.alerts] == [late]  # nothing resolved
    assert QApplication.activeWindow() is page
    assert QApplication.focusWidget() is page.resolve_button

"""The case page's Add…, Edit… and Remove… beside Related persons (agents work from the case page):
an agent adds a guarantor through the dialog the page opens (an empty name refused inline, nothing
saved), the page lists them, and the contact dialog opened from the page then offers them; an
edit and a removal from the page. Real widgets on a copy of the demo office; screenshots in
English and Chinese."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from app.i18n import set_language
from app.models import RelatedPerson
from tests.conftest import TEST_KEY
from tests.ui.test_contact_dialog import dialog_for, pick
from tests.ui.test_related_person_dialog import agent_case
from tests.ui.test_trust import window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    set_language("en")
    db.close()


def in_dialog(qtbot, fill: Callable) -> list:  # type: ignore[no-untyped-def, type-arg]
    """Once the page's modal dialog is up, `fill(dialog)` it; what it returned, once run."""
    done: list = []  # type: ignore[type-arg]

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, run)
            return
        done.append(fill(dialog))

    QTimer.singleShot(0, run)
    return done


def save(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_agent_adds_a_guarantor_from_the_case_page(
    qtbot, database, screenshot_dir, lang
) -> None:  # type: ignore[no-untyped-def]
    set_language(lang)
    _borrower, case_no, _zone = agent_case(database)
    window = window_for(qtbot, database, "agent01")
    page = window.cases
    window.show_page(page)
    assert page.show_case(case_no)
    people = page.people
    assert people.add_button.isVisible() and people.add_button.isEnabled()
    assert not people.edit_button.isEnabled()  # nobody selected yet
    before = page.related.rowCount()
    name = "王保" if lang == "zh_CN" else "Wang Bao"

    def fill(dialog):  # type: ignore[no-untyped-def]
        pick(dialog.relation, "guarantor")
        dialog.number.setText("199 0000 4321")
        save(dialog)  # no name: refused inline, the dialog stays open
        refused = dialog.isVisible() and dialog.error.isVisible() and dialog.saved is None
        with database.sessions() as s:
            nothing = not s.scalars(
                select(RelatedPerson).where(RelatedPerson.phone == "+8619900004321")
            ).all()
        dialog.name.setText(name)
        dialog.grab().save(str(screenshot_dir / f"case_related_person_dialog_{lang}.png"))
        save(dialog)
        return refused and nothing

    filled = in_dialog(qtbot, fill)
    assert people.add() is True
    assert filled == [True]
    qtbot.waitUntil(lambda: page.related.rowCount() == before + 1, timeout=5000)
    assert cell_text(page.related, before, 0) == name
    assert cell_text(page.related, before, 2) == "+86 199****4321"
    with database.sessions() as s:
        pid = s.scalar(select(RelatedPerson.id).where(RelatedPerson.phone == "+8619900004321"))
    assert pid is not None
    qtbot.wait(300)  # the page's refresh settles
    summary = page.splitter.widget(0)
    summary.ensureWidgetVisible(page.related)
    window.grab().save(str(screenshot_dir / f"case_related_persons_{lang}.png"))

    contact = dialog_for(qtbot, window, case_no)  # as Log contact… opens it from the page
    pick(contact.party, "guarantor")
    pick(contact.person, pid)
    assert contact.number.currentData() == "+8619900004321"


def test_edit_and_remove_from_the_case_page(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    _borrower, case_no, _zone = agent_case(database)
    window = window_for(qtbot, database, "agent01")
    page = window.cases
    window.show_page(page)
    assert page.show_case(case_no)

    def add(dialog):  # type: ignore[no-untyped-def]
        dialog.name.setText("Li Ming")
        pick(dialog.relation, "friend")
        save(dialog)

    in_dialog(qtbot, add)
    assert page.people.add() is True
    row = page.related.rowCount() - 1
    qtbot.waitUntil(lambda: cell_text(page.related, row, 0) == "Li Ming", timeout=5000)
    page.related.selectRow(row)
    assert page.people.edit_button.isEnabled() and page.people.remove_button.isEnabled()
    person = page.people.selected()
    assert person is not None and person.name == "Li Ming"

    def edit(dialog):  # type: ignore[no-untyped-def]
        dialog.consent.setChecked(True)  # an agent may not record consent: refused inline
        save(dialog)
        said = dialog.error.text()
        dialog.consent.setChecked(False)
        dialog.do_not_contact.setChecked(True)
        save(dialog)
        return said

    said = in_dialog(qtbot, edit)
    assert page.people.edit() is True
    assert "supervisor" in said[0]
    with database.sessions() as s:
        assert s.get(RelatedPerson, person.person_id).do_not_contact is True
    qtbot.waitUntil(lambda: cell_text(page.related, row, 3).startswith("No"), timeout=5000)
    page.related.selectRow(row)
    assert page.people.remove(ask=False) is True
    assert "kept for their history" in page.message.text()  # never deleted
    qtbot.waitUntil(lambda: page.related.rowCount() == row, timeout=5000)
    with database.sessions() as s:
        assert s.get(RelatedPerson, person.person_id).active is False

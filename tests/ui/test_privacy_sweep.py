"""Every page an agent opens, in English and Chinese: no borrower's full ID number or phone
number anywhere in a list (its text or its tooltip), a label or a tooltip, and no case the
agent may not see (README, "see every case": agents see only the cases assigned to them; the
visits they go on, the complaints against them and their own compliance-log entries name
other cases by design)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QWidget
from sqlalchemy import select

from app.models import (
    BlockedAttempt,
    Borrower,
    Case,
    Complaint,
    ContactAttempt,
    FlaggedBooking,
    Phone,
    RelatedPerson,
    User,
    Visit,
    VisitAgent,
)
from tests.ui.test_queue import open_office, window_for
from ui.page_list import pages_for

pytestmark = pytest.mark.gui
ROWS = 400  # rows read per list: the first pages, where a leak would show first
CASE_NO = re.compile(r"\bC\d{4}-\d{6}\b")
NUMBER = re.compile(r"\d{17}[\dXx]|\+?\d{11,14}")


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def secrets(database) -> set[str]:
    """Every full ID number and phone number in the office (E.164 and as dialled at home)."""
    with database.sessions() as s:
        found = set(s.scalars(select(Borrower.national_id)))
        phones = [*s.scalars(select(Phone.number)), *s.scalars(select(RelatedPerson.phone))]
    for number in filter(None, phones):
        found |= {number, number.removeprefix("+86")}
    return found


def cases_shown_to(database, username: str) -> set[str]:
    """The case numbers the product's rule lets `username` (an agent) come across."""
    with database.sessions() as s:
        me = s.scalar(select(User.id).where(User.username == username))
        mine = select(Case.case_no)
        shown = set(s.scalars(mine.where(Case.assigned_agent_id == me)))
        on_team = select(VisitAgent.visit_id).where(VisitAgent.agent_id == me)
        shown |= set(s.scalars(mine.join(Visit).where(Visit.id.in_(on_team))))
        shown |= set(s.scalars(mine.join(Complaint).where(Complaint.agent_id == me)))
        for table in (ContactAttempt, BlockedAttempt, FlaggedBooking):
            shown |= set(s.scalars(mine.join(table).where(table.agent_id == me)))
        others = select(Case.case_no).where(Case.case_no.not_in(shown)).limit(1)
        assert shown and s.scalar(others)  # the office has cases the agent may not see
    return shown


def texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of everything the widget shows or would show on hovering."""
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        while model.canFetchMore(QModelIndex()) and model.rowCount() < ROWS:
            model.fetchMore(QModelIndex())
        for row in range(min(model.rowCount(), ROWS)):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if isinstance(value, str) and value:
                        yield view.objectName() or type(view).__name__, value
    for label in root.findChildren(QLabel):
        yield "label", label.text()
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.toolTip():
            yield "tooltip", widget.toolTip()


def leaks(root: QWidget, full: set[str], allowed: set[str]) -> list[str]:
    found = []
    for where, text in texts(root):
        found += [f"{where}: {n}" for n in NUMBER.findall(text) if n in full]
        found += [f"{where}: {c}" for c in CASE_NO.findall(text) if c not in allowed]
    return found


def test_an_agent_meets_no_full_number_and_no_other_agents_case(qtbot, database, lang) -> None:
    full = secrets(database)
    allowed = cases_shown_to(database, "agent01")
    window = window_for(qtbot, database, "agent01")
    found: dict[str, list[str]] = {}
    for spec in pages_for("agent"):
        page = window.page(spec.name)
        window.show_page(page)
        QApplication.processEvents()
        found[spec.name] = leaks(page, full, allowed)
    with database.sessions() as s:
        me = s.scalar(select(User.id).where(User.username == "agent01"))
        own = list(s.scalars(select(Case.id).where(Case.assigned_agent_id == me).limit(5)))
    for case_id in own:
        window.open_case(case_id)
        QApplication.processEvents()
        found[f"case {case_id}"] = leaks(window.cases, full, allowed)
    assert {name: hits for name, hits in found.items() if hits} == {}

"""A borrower of a US/UK office whose addresses are written door first, in Latin script: every
place that shows an address masked — the borrower page, the case page's timeline (a visit's
address), the contact dialog's letter row — shows the area only, never the house or flat number
or the street (QA: "12 London Road, Flat 3" was shown as "12 Lon…")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import delete, select

from app.models import Address, Borrower, Case, RelatedPerson, Visit
from tests.ui.test_contact_dialog import agent_case, dialog_for, pick
from tests.ui.test_queue import grab, open_office, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
HOME = "Flat 3, 12 London Road, Headingley, Leeds LS6 2AB"
WORK = "12 London Road, Flat 3"
VISITED = "742 Evergreen Terrace, Springfield, IL 62704"
# What each address's mask hides: the premises, the street and the postcode's last part.
LONDON_DOOR = ("12", "Flat 3", "London Road", "2AB")
VISITED_DOOR = ("742", "Evergreen", "Terrace", "62704")


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _latin_borrower(database) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """agent01's case and its borrower's number, the borrower's addresses replaced by a verified
    home one and a work one in Latin script."""
    case_no, _zone, person_id = agent_case(database)
    with database.session() as s:
        borrower = s.get(Borrower, s.get(RelatedPerson, person_id).borrower_id)
        s.execute(delete(Address).where(Address.borrower_id == borrower.id))
        s.add(Address(borrower_id=borrower.id, kind="home", line=HOME, city="Leeds"))
        s.add(Address(borrower_id=borrower.id, kind="work", line=WORK, city="Leeds"))
        return case_no, borrower.borrower_no


def _visited_case(database) -> str:  # type: ignore[no-untyped-def]
    """A case with a visit, the visit's address now a US one."""
    with database.session() as s:
        visit = s.scalars(select(Visit).where(Visit.address != "").order_by(Visit.id)).first()
        assert visit is not None
        visit.address = VISITED
        return s.scalar(select(Case.case_no).where(Case.id == visit.case_id))


def _hides_the_door(text: str, door: tuple[str, ...]) -> bool:
    """No part of `door` in `text` as a word of its own. Only the door of the address the text
    shows: a visit row also says when the visit was booked, and a booking in December
    (2026-12-19) holds the "12" of London Road, which is no part of the visit's address."""
    return not any(re.search(rf"\b{re.escape(part)}\b", text) for part in door)


def test_latin_addresses_show_the_area_everywhere(qtbot, database, lang, screenshot_dir):
    case_no, borrower_no = _latin_borrower(database)
    window = window_for(qtbot, database, "agent01")

    window.show_page(window.borrowers)
    window.borrowers.set_search(borrower_no)
    qtbot.waitUntil(lambda: window.borrowers.model.rowCount() == 1)
    window.borrowers.table.selectRow(0)
    table = window.borrowers.detail.addresses
    qtbot.waitUntil(lambda: table.rowCount() == 2)
    rows = [[cell_text(table, r, c) for c in (0, 1, 3)] for r in range(2)]  # 2: the postcode
    assert [cell_text(table, r, 2) for r in range(2)] == ["", ""]  # none recorded
    home, work = ("住宅", "单位") if lang == "zh_CN" else ("Home", "Work")
    assert rows == [[home, "… Headingley, Leeds LS6", "Leeds"], [work, "…", "Leeds"]]
    grab(window, screenshot_dir / f"borrower_latin_address_{lang}.png")

    dialog = dialog_for(qtbot, window, case_no)
    pick(dialog.channel, "letter")
    lines = dialog.address.text().splitlines()
    assert [line.split(" · ")[:3] for line in lines] == [
        [home, "… Headingley, Leeds LS6", "Leeds"],
        [work, "…", "Leeds"],
    ]
    assert _hides_the_door(dialog.address.text(), LONDON_DOOR)
    grab(dialog, screenshot_dir / f"contact_letter_latin_{lang}.png")
    dialog.reject()


def test_a_visits_latin_address_on_the_case_page(qtbot, database, lang, screenshot_dir):
    case_no = _visited_case(database)
    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.cases)
    assert window.cases.show_case(case_no)
    timeline = window.cases.timeline
    details = [cell_text(timeline, r, 3) for r in range(timeline.rowCount())]
    visits = [d for d in details if "Springfield" in d]
    assert visits and all(d.startswith("… Springfield, IL 627**") for d in visits)
    assert all(_hides_the_door(d, VISITED_DOOR) for d in visits)
    grab(window, screenshot_dir / f"case_latin_visit_{lang}.png")

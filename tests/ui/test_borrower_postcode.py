"""The borrower page's Addresses table shows each address's postcode, masked as the address is
(a UK postcode's outward code, a US ZIP code's first three digits) until a supervisor reveals the
addresses; a US office calls it the ZIP code. The visit dialog's address carries it in full.
Screenshots in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import delete

from app.models import Address
from tests.ui.cells import header_text
from tests.ui.test_queue import grab, login, open_office, window_for
from tests.ui.test_trust import show_borrower
from tests.ui.test_us_uk_verdicts_window import _switch, _visitable_case
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
LINE = "Flat 3, 12 London Road, Headingley, Leeds"


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _give_address(database, borrower_id: int, line: str, postcode: str, city: str) -> None:
    with database.session() as s:
        s.execute(delete(Address).where(Address.borrower_id == borrower_id))
        s.add(
            Address(borrower_id=borrower_id, kind="home", line=line, city=city, postcode=postcode)
        )


def _row(table, row: int = 0) -> list[str]:
    return [cell_text(table, row, c) for c in range(table.columnCount())]


def _header(table, column: int) -> str:
    return header_text(table, column)


def test_the_addresses_table_shows_the_postcode_masked_then_revealed(
    qtbot, database, lang, screenshot_dir
) -> None:
    _switch(database, "uk")
    window = window_for(qtbot, database)
    borrower = show_borrower(window)
    _give_address(database, borrower.id, LINE, "LS6 2AB", "Leeds")
    window.hub.announce("borrower")
    pane = window.borrowers.detail
    assert _header(pane.addresses, 2) == {"en": "Postcode", "zh_CN": "邮编"}[lang]
    row = _row(pane.addresses)
    assert row[1:4] == ["… Headingley, Leeds", "LS6", "Leeds"]
    grab(window, screenshot_dir / f"qapost-borrower-postcode-{lang}.png")
    assert pane.reveal("addresses", "Checking the address for a home visit")
    assert _row(pane.addresses)[1:3] == [LINE, "LS6 2AB"]
    grab(window, screenshot_dir / f"qapost-borrower-postcode-revealed-{lang}.png")


def test_a_us_office_calls_it_the_zip_code(qtbot, database) -> None:
    _switch(database, "us")
    window = window_for(qtbot, database)
    borrower = show_borrower(window)
    _give_address(database, borrower.id, "742 Evergreen Terrace", "62704-1234", "Springfield")
    window.hub.announce("borrower")
    table = window.borrowers.detail.addresses
    assert _header(table, 2) == "ZIP code"
    assert _row(table)[1:3] == ["…", "627**"]


def test_the_visit_dialog_shows_the_address_with_its_postcode(
    qtbot, database, lang, screenshot_dir
) -> None:
    from ui.dialogs.visit import VisitDialog

    _switch(database, "uk")
    case_no, borrower_id = _visitable_case(database)
    _give_address(database, borrower_id, LINE, "LS6 2AB", "Leeds")
    dialog = VisitDialog(database, login(database), case_no)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.address_label.text() == f"{LINE}, LS6 2AB"
    grab(dialog, screenshot_dir / f"qapost-visit-dialog-{lang}.png")

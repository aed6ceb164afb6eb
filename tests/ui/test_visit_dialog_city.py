"""The visit dialog's step 1 names the whole address the agents go to — with its town and state
or county — in a US and a UK office (QA15 saw "22 High St, BT1 2JA"), and the visit keeps it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import delete, select

from app.models import Address, Visit
from tests.ui.test_queue import grab, login, open_office
from tests.ui.test_us_uk_verdicts_window import _switch, _visitable_case

pytestmark = pytest.mark.gui

HOMES = {
    "us": (
        ("455 W Oak St Apt 3B", "Chicago", "IL", "60610"),
        "455 W Oak St Apt 3B, Chicago, IL 60610",
    ),
    "uk": (
        ("22 High St", "Belfast", "County Antrim", "BT1 2JA"),
        "22 High St, Belfast, County Antrim, BT1 2JA",
    ),
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


@pytest.mark.parametrize("rules", ["us", "uk"])
def test_step_one_shows_the_town_and_the_visit_goes_there(qtbot, database, screenshot_dir, rules):
    from ui.dialogs.visit import VisitDialog

    _switch(database, rules)
    case_no, borrower_id = _visitable_case(database)
    (line, city, province, code), whole = HOMES[rules]
    with database.session() as s:
        s.execute(delete(Address).where(Address.borrower_id == borrower_id))
        s.add(
            Address(
                borrower_id=borrower_id,
                kind="home",
                line=line,
                city=city,
                province=province,
                postcode=code,
            )
        )
    dialog = VisitDialog(database, login(database), case_no)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.address_label.text() == whole
    grab(dialog, screenshot_dir / f"address-visit-verify-{rules}.png")
    for box in (dialog.identity, dialog.address, dialog.phone):
        box.setChecked(True)
    assert dialog.try_verify(), dialog.error.text()
    with database.sessions() as s:
        assert s.scalar(select(Visit.address).where(Visit.visit_no == dialog.visit_no)) == whole

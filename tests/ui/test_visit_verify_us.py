"""A US office's visit dialog names a borrower's ID number as the US does (Social Security number)
at step 1; a Chinese office's keeps "ID number". A visit at the borrower's place of work confirms
the workplace's address at step 1, not the home's, and is requested there. Screenshots in English
and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import delete, select

from app.i18n import set_language
from app.models import Address, Visit
from app.postcodes import with_postcode
from tests.ui.test_queue import grab, login, open_office
from tests.ui.test_us_uk_verdicts_window import _switch, _visitable_case

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _dialog(qtbot, database, case_no: str):
    from ui.dialogs.visit import VisitDialog

    dialog = VisitDialog(database, login(database), case_no)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _work_address(database, borrower_id: int) -> str:
    """The work address as a visit goes to it: the line with its postcode."""
    with database.sessions() as s:
        line, postcode = s.execute(
            select(Address.line, Address.postcode).where(
                Address.borrower_id == borrower_id, Address.kind == "work"
            )
        ).one()
        return with_postcode(line, postcode)


def test_a_us_offices_visit_verifies_the_social_security_number_and_the_workplace(
    qtbot, database, screenshot_dir
) -> None:
    _switch(database, "us")
    case_no, borrower_id = _visitable_case(database, at_work=True)
    work = _work_address(database, borrower_id)
    assert work
    dialog = _dialog(qtbot, database, case_no)
    words = dialog.identity.text()
    assert words == "Identity confirmed (name and Social Security number match the contract)"
    assert "where they live" in dialog.verify.intro.text()
    assert dialog.address_label.text() != work
    dialog.verify.at_work.setChecked(True)
    assert "where they work" in dialog.verify.intro.text()
    assert dialog.verify.address_name.text() == "Workplace:"
    assert dialog.address_label.text() == work
    grab(dialog, screenshot_dir / "qaus4-visit-verify-us.png")
    for box in (dialog.identity, dialog.address, dialog.phone):
        box.setChecked(True)
    assert dialog.try_verify(), dialog.error.text()
    assert dialog.at_work.isChecked()  # booked where it was verified
    assert "entering the workplace" in dialog.enter.text()
    with database.sessions() as s:
        assert s.scalar(select(Visit.address).where(Visit.visit_no == dialog.visit_no)) == work


def test_a_us_offices_visit_verify_step_in_chinese(qtbot, database, screenshot_dir) -> None:
    _switch(database, "us")
    case_no, _borrower = _visitable_case(database)
    set_language("zh_CN")
    try:
        dialog = _dialog(qtbot, database, case_no)
        assert dialog.identity.text() == "身份已核实（姓名和社会安全号与合同一致）"
        dialog.verify.at_work.setChecked(True)
        assert "工作单位地址" in dialog.verify.intro.text()
        assert dialog.verify.address_name.text() == "工作单位："
        grab(dialog, screenshot_dir / "qaus4-visit-verify-us_zh_CN.png")
    finally:
        set_language("en")


def test_a_workplace_visit_needs_a_workplace_address(qtbot, database) -> None:
    case_no, borrower_id = _visitable_case(database)
    with database.session() as s:
        s.execute(delete(Address).where(Address.borrower_id == borrower_id, Address.kind == "work"))
    dialog = _dialog(qtbot, database, case_no)
    assert dialog.identity.text().endswith("(name and ID number match the contract)")
    dialog.verify.at_work.setChecked(True)
    assert dialog.address_label.text() == "No workplace address on file"
    for box in (dialog.identity, dialog.address, dialog.phone):
        box.setChecked(True)
    assert not dialog.try_verify()
    assert "no workplace address on file" in dialog.error.text()
    assert dialog.visit_no is None


def test_a_visit_at_home_verifies_the_home_address(qtbot, database) -> None:
    case_no, borrower_id = _visitable_case(database, at_work=True)
    dialog = _dialog(qtbot, database, case_no)
    assert dialog.verify.address_name.text() == "Address:"
    for box in (dialog.identity, dialog.address, dialog.phone):
        box.setChecked(True)
    assert dialog.try_verify(), dialog.error.text()
    assert not dialog.at_work.isChecked()
    with database.sessions() as s:
        address = s.scalar(select(Visit.address).where(Visit.visit_no == dialog.visit_no))
    assert address != _work_address(database, borrower_id)

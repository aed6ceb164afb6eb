"""A US office's window names a borrower's ID number as the US does (Social Security number)
on the borrower page, the case page, the reveal dialog and the work queue's column; a Chinese
office's keeps "ID number". Screenshots in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.compliance.versions import select_jurisdiction
from app.i18n import _catalog, set_language
from app.id_labels import ID_LABELS
from app.models import Borrower, Case, User
from app.queries import borrower_ids
from tests.ui.test_queue import grab, open_office, window_for
from ui.mnemonic_text import plain

pytestmark = pytest.mark.gui
SSN = "123456789"  # shaped as a US office stores one


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _us_office(database) -> int:
    """Switch the office to the US rule set; the first borrower listed gets an SSN. A case."""
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        select_jurisdiction(s, admin, "us")
        borrower_id = borrower_ids(s, "", "name", False, limit=1)[0]  # the Borrowers page's
        s.get(Borrower, borrower_id).national_id = SSN
        return s.scalars(select(Case.id).order_by(Case.id)).first()


def _id_row_label(form) -> str:
    value = form.values["ID number"]
    name = form.labelForField(value) or form.labelForField(value.parentWidget())
    return plain(name.text())  # without its Alt+letter (ui/mnemonics.py)


def _show_first_borrower(window):
    page = window.page("borrowers")
    window.show_page(page)
    page.table.selectRow(0)
    QApplication.processEvents()
    return page


def _queue_header(window) -> list[str]:
    model = window.page("queue").model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_a_us_offices_window_names_the_social_security_number(
    qtbot, database, screenshot_dir
) -> None:
    from ui.dialogs.reveal import RevealDialog

    case_id = _us_office(database)
    window = window_for(qtbot, database)
    assert "SSN (masked)" in _queue_header(window)
    assert "ID (masked)" not in _queue_header(window)
    page = _show_first_borrower(window)
    header = page.table.model()
    assert header.headerData(2, Qt.Orientation.Horizontal) == "Social Security number"
    pane = page.detail
    assert _id_row_label(pane.form) == "Social Security number:"
    assert pane.form.values["ID number"].text() == "***-**-6789"
    grab(window, screenshot_dir / "qaus3-borrower-us.png")
    dialog = RevealDialog(window, "national_id", pane.detail.id_country)
    qtbot.addWidget(dialog)
    assert "the Social Security number in full" in dialog.findChildren(type(pane.title))[0].text()
    window.open_case(case_id)
    assert _id_row_label(window.cases.borrower_form) == "Social Security number:"
    grab(window, screenshot_dir / "qaus3-case-us.png")


def test_a_us_offices_window_in_chinese(qtbot, database, screenshot_dir) -> None:
    _us_office(database)
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        assert "社会安全号（脱敏）" in _queue_header(window)
        page = _show_first_borrower(window)
        assert _id_row_label(page.detail.form) == "社会安全号："
        grab(window, screenshot_dir / "qaus3-borrower-us_zh_CN.png")
        window.show_page(window.page("queue"))
        grab(window, screenshot_dir / "qaus3-queue-us_zh_CN.png")
    finally:
        set_language("en")


def test_a_chinese_office_keeps_id_number(qtbot, database) -> None:
    window = window_for(qtbot, database)
    assert "ID (masked)" in _queue_header(window)
    page = _show_first_borrower(window)
    assert page.table.model().headerData(2, Qt.Orientation.Horizontal) == "ID number"
    assert _id_row_label(page.detail.form) == "ID number:"


def test_every_countrys_id_label_reads_in_chinese() -> None:
    catalog = _catalog("zh_CN")
    missing = [m for forms in ID_LABELS.values() for m in forms.values() if m not in catalog]
    assert missing == []

"""Every preview's PDF, from a QA pass: the agreement and the daily visit sheet stayed in the
temporary folder as plain PDFs (names, masked IDs, amounts, addresses) for ever, as the Reports
page's did until this morning. Now each goes when its preview closes and its folder when the page
goes. In the preview, Enter pressed Zoom out (the first button): now no button is the default."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select

from app.models import Agreement, AgreementStatus
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit
from tests.ui.test_keyboard_day import ModalCloser
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_reports_page import three_pages
from ui.dialogs.pdf_preview import PdfPreviewDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _closed_after_look(seen: dict[str, object], shot: Path | None = None):
    """A ModalCloser's act: note the preview's file (there while it shows), then close it."""

    def act(dialog: PdfPreviewDialog) -> None:
        seen["path"] = dialog.pdf_path
        seen["there"] = dialog.pdf_path.is_file() and dialog.page_count() >= 1
        if shot is not None:
            grab(dialog, shot)
        dialog.reject()

    return act


def test_enter_presses_no_button_and_escape_closes(qtbot, tmp_path) -> None:
    pdf = three_pages(tmp_path / "sample.pdf")
    dialog = PdfPreviewDialog(pdf, "Sample", temporary=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not [b.text() for b in dialog.findChildren(QPushButton) if b.autoDefault()]
    assert not [b.text() for b in dialog.findChildren(QPushButton) if b.isDefault()]
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        qtbot.keyClick(dialog, key)
        qtbot.keyClick(dialog.view, key)
    assert dialog.isVisible()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth  # Zoom out was not pressed
    assert pdf.exists()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2_000)
    assert not pdf.exists()  # a temporary preview's file goes with it


def test_a_preview_not_temporary_keeps_its_file(qtbot, tmp_path) -> None:
    pdf = three_pages(tmp_path / "kept.pdf")  # a file the user chose (the training roster)
    dialog = PdfPreviewDialog(pdf, "Kept")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert pdf.exists()


def test_an_agreements_preview_is_deleted_when_it_closes(qtbot, database, screenshot_dir):
    with database.sessions() as s:
        found = s.scalar(
            select(Agreement.id).where(Agreement.status == AgreementStatus.ACTIVE).limit(1)
        )
    window = window_for(qtbot, database, "supervisor")
    page = window.page("agreements")
    window.show_page(page)
    assert page.select(found)
    seen: dict[str, object] = {}
    closer = ModalCloser(_closed_after_look(seen, screenshot_dir / "agreement_preview_fp.png"))
    assert page.preview_selected() is not None
    closer.check()
    path = seen["path"]
    assert isinstance(path, Path) and seen["there"]
    folder = page.previews.path()
    assert path.parent == folder and folder.name.startswith("casedesk-preview-")
    assert not path.exists() and list(folder.iterdir()) == []
    window.close()
    page.deleteLater()
    qtbot.waitUntil(lambda: not folder.exists(), timeout=5_000)


def test_a_visit_sheets_preview_is_deleted_when_it_closes(qtbot, db, tmp_path) -> None:
    from ui.pages.visits import VisitsPage
    from ui.signals import ChangeHub

    build_visit_office(db)
    number = verified_visit(db, case_nos(db)[0])
    assert book(db, number, start=slot(10)).saved
    page = VisitsPage(db, ChangeHub(), login(db, "supervisor"))  # deleted below
    page.sheet_agent, page.sheet_day = "agent01", slot(10).date()
    seen: dict[str, object] = {}
    closer = ModalCloser(_closed_after_look(seen))
    path = page.print_sheet(None, preview=True)
    closer.check()
    assert path == seen["path"] and seen["there"]
    folder = page.previews.path()
    assert path.parent == folder and not path.exists()

    # Saved to a file: kept, written whole, and the page says where.
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"last week's sheet")
    assert page.print_sheet(target, preview=False) == target
    assert target.read_bytes().startswith(b"%PDF") and sorted(tmp_path.glob("sheet.pdf*")) == [
        target
    ]
    assert page.message.text().endswith(f"Saved a copy to {target}.")
    assert page.print_sheet(tmp_path / "none" / "x.pdf", preview=False) is None
    assert page.message.text() == (
        f"Cannot write {tmp_path / 'none' / 'x.pdf'}: there is no folder {tmp_path / 'none'}."
    )
    page.deleteLater()
    qtbot.waitUntil(lambda: not folder.exists(), timeout=5_000)

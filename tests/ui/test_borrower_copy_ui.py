"""The borrower pane's "Copy of their data…" (supervisors and admins): the dialog asks the reason
(a short one is refused inline, in the core's words), the format and the language; the copy is
written off the GUI thread, a PDF opens in the preview, a workbook is saved and said so; an
agent has no button. Screenshots of the dialog and the pane in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.models import AuditEntry
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_trust import show_borrower
from ui.dialogs.borrower_copy import BorrowerCopyDialog, CopyRequest
from ui.dialogs.pdf_preview import PdfPreviewDialog

pytestmark = pytest.mark.gui
REASON = "借款人本人书面申请复制个人信息"


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _copies(database) -> int:  # type: ignore[no-untyped-def]
    with database.session() as s:
        action = AuditEntry.action == "personal_data.access_copy"
        return s.scalar(select(func.count()).select_from(AuditEntry).where(action))


def test_the_dialog_asks_why_in_which_format_and_language(
    qtbot, database, lang, screenshot_dir
) -> None:
    window = window_for(qtbot, database)
    borrower = show_borrower(window)
    pane = window.borrowers.detail
    assert pane.copy_button.isVisible()
    dialog = BorrowerCopyDialog(pane, borrower.borrower_no, borrower.name)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.language.currentData() == lang  # the window's language first
    assert not dialog.try_accept("短")
    assert dialog.error.isVisible() and "10" in dialog.error.text()
    grab(dialog, screenshot_dir / f"qaaccess-dialog-refused-{lang}.png")
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    assert dialog.try_accept(REASON)
    assert dialog.request == CopyRequest(REASON, "xlsx", lang)


def test_a_pdf_opens_in_the_preview_and_a_workbook_is_saved(
    qtbot, database, lang, tmp_path, screenshot_dir
) -> None:
    window = window_for(qtbot, database)
    borrower = show_borrower(window)
    pane = window.borrowers.detail
    copier = pane.copier
    assert copier is not None
    path = copier.target(borrower.borrower_no, "pdf")
    assert path is not None and path.name == f"{borrower.borrower_no}-personal-data.pdf"
    assert copier.start(borrower.borrower_no, CopyRequest(REASON, "pdf", lang), path)
    qtbot.waitUntil(lambda: copier.worker is None and copier.preview is not None, timeout=60000)
    preview = copier.preview
    assert isinstance(preview, PdfPreviewDialog) and preview.page_count() >= 1
    assert preview.file_name == f"{borrower.borrower_no}-personal-data.pdf"
    grab(preview, screenshot_dir / f"qaaccess-preview-{lang}.png")
    preview.accept()
    qtbot.waitUntil(lambda: not path.exists())  # a temporary preview: kept only if saved
    book = tmp_path / "copy.xlsx"
    assert copier.start(borrower.borrower_no, CopyRequest(REASON, "xlsx", lang), book)
    qtbot.waitUntil(lambda: copier.worker is None, timeout=60000)
    assert pane.message.isVisible() and str(book) in pane.message.text()
    assert len(load_workbook(book).worksheets) == 17  # the note's sheet and 16 sections
    assert _copies(database) == 2
    grab(window, screenshot_dir / f"qaaccess-pane-{lang}.png")


def test_an_agent_has_no_button(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent01")
    show_borrower(window)
    assert window.borrowers.detail.copy_button.isHidden()

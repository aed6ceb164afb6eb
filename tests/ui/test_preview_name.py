"""A preview's pages, where the keyboard starts, are named after the document for a screen
reader: they were read as a view with no name (ui/dialogs/pdf_preview.py)."""

from __future__ import annotations

import pytest

from tests.ui.test_reports_page import three_pages
from ui.accessible import accessible_name
from ui.dialogs.pdf_preview import PdfPreviewDialog

pytestmark = pytest.mark.gui


def test_the_previews_pages_have_the_documents_name(qtbot, tmp_path) -> None:
    dialog = PdfPreviewDialog(three_pages(tmp_path / "sample.pdf"), "Compliance report")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert accessible_name(dialog.view) == "Compliance report"
    dialog.reject()

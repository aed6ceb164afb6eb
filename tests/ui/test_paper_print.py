"""The paper size in the window: the Settings dialog's choice on the Office tab (the rule set's
country's by default, named; saved and audited through the core), and Print on paper other than
the PDF's: every page sent, each on the printer's paper, fitted whole and centred."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from app import settings
from app.i18n import set_language
from app.models import AuditEntry
from tests.reports.pdfcheck import drawn_box
from tests.ui.test_queue import grab, login, open_office
from ui.dialogs.pdf_preview import PdfPreviewDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _dialog(qtbot, database, username: str = "admin"):
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(database, login(database, username))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_paper_is_chosen_on_the_office_tab(qtbot, database, screenshot_dir, lang) -> None:
    set_language(lang)
    try:
        dialog = _dialog(qtbot, database, "supervisor")
        paper, rules = dialog.fields["print.paper"], dialog.fields["jurisdiction"]
        assert paper.isEnabled() and paper.currentData() is None  # the country's
        country = {"en": "A4 (210 × 297 mm)", "zh_CN": "A4（210 × 297 毫米）"}[lang]
        assert paper.itemText(0).endswith(country)
        grab(dialog, screenshot_dir / f"settings_paper_{lang}.png")
        # Only an admin switches the rule set; an admin's switch to the US names its paper.
        admin = _dialog(qtbot, database)
        admin.fields["jurisdiction"].setCurrentIndex(admin.fields["jurisdiction"].findData("us"))
        letter = {"en": "US Letter (8.5 × 11 in)", "zh_CN": "美式信纸 Letter（8.5 × 11 英寸）"}
        assert admin.fields["print.paper"].itemText(0).endswith(letter[lang])
        assert not rules.isEnabled()

        paper.setCurrentIndex(paper.findData("letter"))
        result = dialog.try_save()
        assert result is not None and result.changed == ["print.paper"]
        with database.sessions() as s:
            assert settings.get(s, "print.paper") == "letter"
            entry = s.scalar(select(AuditEntry).where(AuditEntry.entity_id == "print.paper"))
            assert entry.action == "setting.change"
            assert entry.changes == {"old": None, "new": "letter"}
        again = _dialog(qtbot, database, "supervisor")
        assert again.fields["print.paper"].currentData() == "letter"
        assert again.try_save() is not None and again.result_.changed == []  # nothing changed
    finally:
        set_language("en")


def _pdf(path: Path, size: tuple[float, float], pages: int = 3) -> Path:
    canvas = Canvas(str(path), pagesize=size)
    width, height = size
    for _page in range(pages):
        canvas.rect(0, 0, width, height, fill=1)  # the whole page black: its edges show
        canvas.showPage()
    canvas.save()
    return path


@pytest.mark.parametrize(
    ("size", "paper", "other"),
    [
        (LETTER, QPageSize.PageSizeId.Letter, QPageSize.PageSizeId.A4),
        (A4, QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter),
        (landscape(LETTER), QPageSize.PageSizeId.Letter, QPageSize.PageSizeId.A4),
        (landscape(A4), QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter),
    ],
)
def test_print_on_other_paper_fits_each_page_whole(qtbot, tmp_path, size, paper, other) -> None:
    dialog = PdfPreviewDialog(_pdf(tmp_path / "doc.pdf", size), "Doc")
    qtbot.addWidget(dialog)
    wide = size[0] > size[1]
    printer = dialog.new_printer()  # as the print dialog first shows it: the PDF's own paper
    assert printer.pageLayout().pageSize().id() == paper
    assert (printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape) == wide
    for chosen in (paper, other):  # the PDF's paper, then the other one, chosen in the dialog
        printer = dialog.new_printer()
        out = tmp_path / f"printed-{chosen.name}.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        assert printer.setPageSize(QPageSize(chosen))
        assert dialog.print_to(printer) == 3
        printed = PdfReader(out)
        assert len(printed.pages) == 3
        sheet = QPageSize(chosen).size(QPageSize.Unit.Point)
        expected = (sheet.height(), sheet.width()) if wide else (sheet.width(), sheet.height())
        for page in printed.pages:
            box = page.mediabox
            assert (round(float(box.width)), round(float(box.height))) == tuple(
                round(v) for v in expected
            )
            left, bottom, right, top = drawn_box(page)  # the page's image
            width, height = float(box.width), float(box.height)
            # Whole on the sheet, centred: equal room either side (and above and below).
            assert 0 <= left and right <= width and 0 <= bottom and top <= height
            assert abs(left - (width - right)) < 1 and abs(bottom - (height - top)) < 1
            # Fitted: it touches the printable area on one side at least (not left small).
            assert min(left, bottom) < 15

"""Found by QA walking a supervisor's month end in Chinese on the demo office, with real widgets:
Print… of a landscape report (portfolio, compliance, roster) offered the printer's portrait
default, and each page came out shrunk to seven tenths in the top of the sheet; now the print
dialog opens on the document's own orientation and the page fills the sheet. The Agreements
page showed no trail of an agreement: who drafted and who approved it, and when; its summary now
says them beside the signing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_reports_page import generate, office_day, set_date
from tests.ui.test_trust import when_modal
from ui.dialogs.pdf_preview import PdfPreviewDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)
    set_language("en")


def dialog_orientation(preview: PdfPreviewDialog) -> QPageLayout.Orientation:
    """The orientation the print dialog opens on (the dialog is then cancelled)."""
    seen: list[QPageLayout.Orientation] = []

    def look(dialog: QPrintDialog) -> None:
        seen.append(dialog.printer().pageLayout().orientation())
        dialog.reject()

    stop = when_modal(QPrintDialog, look)
    try:
        preview.print_with_dialog()
    finally:
        stop()
    assert len(seen) == 1
    return seen[0]


def printed(preview: PdfPreviewDialog, path: Path) -> PdfReader:
    """Print the preview's pages to a PDF file, with the printer the print dialog starts from."""
    printer = preview.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    assert preview.print_pages(printer) == preview.page_count()
    return PdfReader(path)


def test_a_landscape_report_prints_landscape_and_fills_the_sheet(
    qtbot, database, tmp_path, screenshot_dir
) -> None:
    set_language("zh_CN")
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    today = office_day(database)
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    page.kind.setCurrentIndex(page.kind.findData("portfolio"))
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    set_date(page.start, first)
    set_date(page.end, today.replace(day=1) - dt.timedelta(days=1))
    preview = generate(qtbot, page)
    try:
        report = PdfReader(preview.pdf_path)
        wide = report.pages[0].mediabox
        assert wide.width > wide.height  # the portfolio is laid out on A4 landscape
        assert dialog_orientation(preview) == QPageLayout.Orientation.Landscape
        grab(preview, screenshot_dir / "qa_month_end_portfolio_preview_zh_CN.png")

        out = printed(preview, tmp_path / "printed.pdf")
        assert len(out.pages) == len(report.pages)
        for sheet in out.pages:
            box = sheet.mediabox
            assert box.width > box.height  # landscape sheets, not portrait ones
            (image,) = sheet.images
            width, height = image.image.size
            # Each page whole and in proportion, filling the sheet's printable width (it was
            # 0.7 of it on a portrait sheet).
            assert abs(width / height - float(wide.width / wide.height)) < 0.01
            assert width / 300 * 72 > 0.85 * float(box.width)
    finally:
        preview.close()


def test_a_portrait_document_still_prints_portrait(qtbot, tmp_path) -> None:
    from tests.ui.test_reports_page import three_pages

    preview = PdfPreviewDialog(three_pages(tmp_path / "sample.pdf"), "Sample")
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    assert dialog_orientation(preview) == QPageLayout.Orientation.Portrait
    out = printed(preview, tmp_path / "printed.pdf")
    assert all(p.mediabox.height > p.mediabox.width for p in out.pages)


def _trail(database, agreement_id: int) -> tuple[str, str, dt.date, dt.date | None, dt.date | None]:
    """(drafter's name, approver's name, drafted, approved, signed) from the database, the days
    on the office's clock."""
    from sqlalchemy import select
    from sqlalchemy.orm import aliased

    from app.models import Agreement, User
    from app.queries.visits import office_zone

    drafter, approver = aliased(User), aliased(User)
    with database.sessions() as s:
        zone = office_zone(s)
        row = s.execute(
            select(
                drafter.display_name,
                approver.display_name,
                Agreement.created_at,
                Agreement.approved_at,
                Agreement.signed_on,
            )
            .outerjoin(drafter, drafter.id == Agreement.drafted_by_id)
            .outerjoin(approver, approver.id == Agreement.approved_by_id)
            .where(Agreement.id == agreement_id)
        ).one()

    def day(at: dt.datetime | None) -> dt.date | None:
        return at.replace(tzinfo=dt.UTC).astimezone(zone).date() if at else None

    return row[0], row[1], day(row[2]), day(row[3]), row[4]


def test_the_agreement_summary_says_who_drafted_and_approved_it_and_when(
    qtbot, database, screenshot_dir
) -> None:
    """A supervisor checking agreements at month end found no trail in the window: who drafted
    an agreement and who approved it, and on which days, were nowhere (only the signing and the
    end, in the list). Now the summary says them, as the database holds them."""
    from sqlalchemy import select

    from app.models import Agreement, AgreementStatus
    from tests.ui.test_agreements import free_cases
    from tests.ui.test_trust import when_modal
    from ui.dialogs.agreement import AgreementDialog

    with database.sessions() as s:
        active = s.scalar(
            select(Agreement.id).where(Agreement.status == AgreementStatus.ACTIVE).limit(1)
        )
    assert active is not None
    drafter, approver, drafted, approved, signed = _trail(database, active)
    assert drafter and approver and approved and signed
    set_language("zh_CN")
    window = window_for(qtbot, database)
    page = window.agreements
    window.show_page(page)
    assert page.select(active)
    lines = page.summary.text().splitlines()
    assert f"{drafted} 由 {drafter} 起草；{approved} 由 {approver} 批准；{signed} 签署。" in lines
    grab(window, screenshot_dir / "qa_month_end_agreement_trail_zh_CN.png")

    # A new draft from a case page, approved and signed: the line follows each step.
    set_language("en")
    agent = window_for(qtbot, database, "agent01")
    case_no = free_cases(database)[0]
    assert agent.cases.show_case(case_no)
    when_modal(AgreementDialog, lambda dialog: dialog.try_save() or dialog.reject())
    agent.cases.agreement_button.click()
    with database.sessions() as s:
        new = s.scalar(select(Agreement.id).order_by(Agreement.id.desc()).limit(1))
    window = window_for(qtbot, database)
    page = window.agreements
    window.show_page(page)
    assert page.select(new)
    name, _none, today, _no, _nothing = _trail(database, new)
    assert f"Drafted on {today} by {name}." in page.summary.text().splitlines()
    assert page.approve_selected()
    sup = _trail(database, new)[1]
    said = f"Drafted on {today} by {name}; approved on {today} by {sup}."
    assert said in page.summary.text().splitlines()
    assert page.sign_selected(today)
    said = f"Drafted on {today} by {name}; approved on {today} by {sup}; signed on {today}."
    assert said in page.summary.text().splitlines()
    grab(window, screenshot_dir / "qa_month_end_agreement_trail_en.png")

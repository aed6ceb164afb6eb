"""The PDF preview dialog (pages, print to a PDF printer, save a copy, an unreadable file) and the
Reports page on the demo office: generate off the GUI thread and preview (compliance in English,
portfolio in Chinese, the roster), a bad period explained inline, cancel, hidden from agents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, QEvent, QThreadPool, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QProgressDialog
from reportlab.pdfgen.canvas import Canvas

from app.reporting.period import office_today
from tests.ui.cells import header_text
from tests.ui.test_queue import grab, open_office, window_for
from ui.dialogs.pdf_preview import PRINT_DPI, PdfPreviewDialog
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
WAIT_MS = 120_000  # a report on a busy 2-core machine


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def office_day(database) -> dt.date:  # type: ignore[no-untyped-def]
    """Today on the office's clock, as the page and the core count it (not the computer's)."""
    with database.sessions() as session:
        return office_today(session)


def three_pages(path: Path) -> Path:
    canvas = Canvas(str(path))
    for number in range(1, 4):
        canvas.drawString(72, 760, f"Sample page {number}")
        canvas.showPage()
    canvas.save()
    return path


def settle(qtbot, ms: int = 300) -> None:
    qtbot.wait(ms)  # QPdfView renders pages on a worker thread


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_preview_shows_prints_and_saves(qtbot, tmp_path, screenshot_dir) -> None:
    dialog = PdfPreviewDialog(three_pages(tmp_path / "sample.pdf"), "Sample")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle(qtbot)
    assert dialog.page_count() == 3
    assert dialog.pages.text() == "3 pages"
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    grab(dialog, screenshot_dir / "pdf_preview.png")

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == 3
    printed = PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == 3
    # A page goes as an image at most PRINT_DPI fine, not the printer's own 1200 dpi.
    assert printer.resolution() > PRINT_DPI
    (image,) = printed.pages[0].images
    width, _height = image.image.size
    assert 1500 < width <= 210 / 25.4 * PRINT_DPI  # A4's width at 300 dpi, less the margins

    ranged = QPrinter(QPrinter.PrinterMode.HighResolution)
    ranged.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    ranged.setOutputFileName(str(tmp_path / "page2.pdf"))
    ranged.setPrintRange(QPrinter.PrintRange.PageRange)
    ranged.setFromTo(2, 2)
    assert dialog.print_to(ranged) == 1

    # Printing with progress: every page, and a cancel after the first stops the job.
    assert (
        dialog.print_pages(pdf_printer(tmp_path / "all.pdf")) == 3 and not dialog.error.isVisible()
    )
    assert dialog.print_to(pdf_printer(tmp_path / "cancelled.pdf"), lambda done, total: False) == 1

    assert dialog.save_to(tmp_path / "copy.pdf")
    assert (tmp_path / "copy.pdf").read_bytes() == (tmp_path / "sample.pdf").read_bytes()
    assert not dialog.save_to(tmp_path / "no-such-folder" / "copy.pdf")
    assert dialog.error.isVisible() and "copy.pdf" in dialog.error.text()


def test_a_print_cancelled_from_its_progress_box_stops(qtbot, tmp_path) -> None:
    dialog = PdfPreviewDialog(three_pages(tmp_path / "sample.pdf"), "Sample")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # Cancel pressed while the first page is being sent (the box takes events between pages).
    QTimer.singleShot(0, lambda: dialog.findChild(QProgressDialog).cancel())
    assert dialog.print_pages(pdf_printer(tmp_path / "cancelled.pdf")) == 1
    assert dialog.error.isVisible() and dialog.error.text() == "Printing cancelled."


def test_preview_of_an_unreadable_file_says_so(qtbot, tmp_path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    dialog = PdfPreviewDialog(bad, "Broken")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.error.isVisible() and "broken.pdf" in dialog.error.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()


def set_date(edit, day: dt.date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def generate(qtbot, page) -> PdfPreviewDialog:
    page.preview = None
    page.generate_button.click()
    assert not page.generate_button.isEnabled()  # one report at a time
    qtbot.waitUntil(lambda: page.preview is not None or page.error.isVisible(), timeout=WAIT_MS)
    assert not page.error.isVisible(), page.error.text()
    assert page.generate_button.isEnabled()
    preview = page.preview
    qtbot.waitExposed(preview)
    settle(qtbot)
    return preview


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_generate_and_preview_each_report(qtbot, database, screenshot_dir) -> None:
    window = window_for(qtbot, database)
    page = window.reports
    assert page is not None
    window.show_page(page)
    items = [cell_text(window.sidebar, i, 0) for i in range(window.sidebar.count())]
    assert "Reports" in items
    today = office_day(database)
    set_date(page.start, today - dt.timedelta(days=60))
    set_date(page.end, today)
    set_date(page.as_of, today)
    grab(window, screenshot_dir / "reports_page.png")

    preview = generate(qtbot, page)
    assert preview.page_count() >= 2
    text = pdf_text(preview.pdf_path)
    assert "Compliance report" in text and "Contacts by channel" in text
    assert f"Page 1 of {preview.page_count()}" in text
    grab(preview, screenshot_dir / "reports_compliance_preview.png")
    preview.close()

    page.kind.setCurrentIndex(page.kind.findData("portfolio"))
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    assert page.as_of.isVisibleTo(page) and page.start.isVisibleTo(page)
    preview = generate(qtbot, page)
    text = pdf_text(preview.pdf_path)
    assert "回收率" in text and "账龄" in text
    span = f"{today - dt.timedelta(days=60)}-{today}"
    assert preview.file_name == f"portfolio-{span}-as-of-{today}.pdf"
    grab(preview, screenshot_dir / "reports_portfolio_preview_zh.png")
    preview.close()

    page.kind.setCurrentIndex(page.kind.findData("training"))
    assert not page.start.isVisibleTo(page) and page.as_of.isVisibleTo(page)
    page.language.setCurrentIndex(page.language.findData("en"))
    preview = generate(qtbot, page)
    assert "Training roster" in pdf_text(preview.pdf_path)
    assert preview.file_name == f"training-as-of-{today}.pdf"
    preview.close()
    # Each is listed under the form, newest first.
    table = page.recent.table
    assert [cell_text(table, r, 1) for r in range(table.rowCount())] == [
        "Training roster", "Portfolio and recovery report", "Compliance report",
    ]  # fmt: skip
    assert cell_text(table, 1, 3) == "Chinese (中文)" and cell_text(table, 0, 4) == "王慧"
    # Each report's progress dialog went with it (they were kept as long as the page).
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert page.findChildren(QProgressDialog) == []


def test_bad_period_is_explained_inline(qtbot, database, screenshot_dir) -> None:
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    set_date(page.start, dt.date(2026, 3, 31))
    set_date(page.end, dt.date(2026, 3, 1))
    page.generate_button.click()
    qtbot.waitUntil(page.error.isVisible, timeout=WAIT_MS)
    assert "ends (2026-03-01) before it starts (2026-03-31)" in page.error.text()
    assert page.preview is None and page.generate_button.isEnabled()
    grab(window, screenshot_dir / "reports_page_error.png")
    set_date(page.start, dt.date(2099, 12, 1))  # a period still to come is not reported on
    set_date(page.end, dt.date(2099, 12, 31))
    page.generate_button.click()
    qtbot.waitUntil(lambda: "2099-12-31, after today" in page.error.text(), timeout=WAIT_MS)
    assert page.preview is None and page.generate_button.isEnabled()


def test_a_recent_report_generates_again(qtbot, database, screenshot_dir, tmp_path) -> None:
    from app.i18n import set_language
    from ui.pages.reports import preset_period
    from ui.pages.reports_recent import RecentReports

    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    recent = page.recent
    assert recent.none.isVisibleTo(page) and not recent.table.isVisibleTo(page)
    assert not recent.again_button.isVisibleTo(page)
    QApplication.processEvents()
    assert recent.none.y() < 60 < recent.height()  # right under its heading, not mid-page
    generate(qtbot, page).close()  # the default: compliance, last month, English
    first, last = preset_period("last_month", office_day(database))
    assert recent.table.rowCount() == 1 and not recent.none.isVisibleTo(page)
    cells = [cell_text(recent.table, 0, c) for c in range(5)]
    assert cells[1:] == ["Compliance report", f"{first} – {last}", "English", "王慧"]

    # The form moves on; the earlier report comes back with its kind, days and language.
    page.kind.setCurrentIndex(page.kind.findData("training"))
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    page.choose_period("this_year")
    assert not recent.again_button.isEnabled()
    recent.choose(0)
    assert recent.again_button.isEnabled()
    page.preview = None
    recent.again_button.click()
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT_MS)
    assert (page.kind.currentData(), page.language.currentData()) == ("compliance", "en")
    assert page.period.currentData() == "last_month"
    assert (page.start.date().toPython(), page.end.date().toPython()) == (first, last)
    assert f"Period {first} to {last}" in pdf_text(page.preview.pdf_path)
    # Save as… offers the report's own name, in the folder last saved to.
    preview = page.preview
    assert preview.file_name == f"compliance-{first}-{last}.pdf"
    folder = tmp_path / "saved reports"
    folder.mkdir()
    assert preview.save_chosen(str(folder / "november"))
    assert (folder / "november.pdf").read_bytes() == preview.pdf_path.read_bytes()
    assert preview.suggested_path() == folder / preview.file_name
    page.preview.close()
    assert recent.table.rowCount() == 2
    grab(window, screenshot_dir / "reports_page_recent.png")

    set_language("zh_CN")
    try:
        chinese = RecentReports(database, page.user)
        qtbot.addWidget(chinese)
        chinese.resize(900, 240)
        chinese.refresh()
        chinese.show()
        assert header_text(chinese.table, 4) == "生成人"
        assert cell_text(chinese.table, 0, 1) == "合规报告"
        grab(chinese, screenshot_dir / "reports_page_recent_zh_CN.png")
    finally:
        set_language("en")


def test_cancel_drops_the_result(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.reports
    page.generate_button.click()
    page.cancel()
    assert page.generate_button.isEnabled()
    assert page.status.text() == "Cancelled; nothing was previewed."
    QThreadPool.globalInstance().waitForDone(WAIT_MS)
    QApplication.processEvents()
    assert page.preview is None
    assert not list(page.folder.glob("*.pdf"))  # the finished file was removed
    page.recent.refresh()
    assert page.recent.table.rowCount() == 0  # and not recorded as generated


def test_a_cancel_after_the_report_was_kept_opens_it(qtbot, database) -> None:
    """QA: a Cancel that came after the job had kept and recorded the PDF removed the file and
    left a generated report on the list that nobody saw. Now the job and Cancel decide under
    one lock: too late, and the report opens as if not cancelled."""
    import time

    window = window_for(qtbot, database)
    page = window.reports
    page.generate_button.click()
    job = page.job
    deadline = time.monotonic() + WAIT_MS / 1000
    while not job.kept and time.monotonic() < deadline:  # no events: _done cannot run yet
        time.sleep(0.01)
    assert job.kept
    page.cancel()
    assert page.status.text() == "Too late to cancel: the report is written and opens now."
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT_MS)
    assert page.preview.pdf_path.stat().st_size > 0
    page.recent.refresh()
    assert page.recent.table.rowCount() == 1
    page.preview.close()
    # Before the job keeps it, Cancel drops it: no file, no record, no signal.
    from ui.pages.reports import ReportJob

    today = office_day(database)
    path = page.folder / "dropped.pdf"
    late = ReportJob(database, page.user, "roster", path, "en", today, today, today)
    finished: list[str] = []
    late.signals.finished.connect(lambda p, _e: finished.append(p))
    assert late.cancel() is True
    late.run()
    QApplication.processEvents()
    assert not path.exists() and not late.kept and finished == []
    page.recent.refresh()
    assert page.recent.table.rowCount() == 1


def test_agents_have_no_reports_page(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent01")
    assert window.reports is None
    items = [cell_text(window.sidebar, i, 0) for i in range(window.sidebar.count())]
    assert "Reports" not in items


@pytest.mark.parametrize(
    ("preset", "today", "expected"),
    [
        ("last_month", dt.date(2026, 3, 15), (dt.date(2026, 2, 1), dt.date(2026, 2, 28))),
        ("last_month", dt.date(2026, 1, 1), (dt.date(2025, 12, 1), dt.date(2025, 12, 31))),
        ("this_month", dt.date(2026, 3, 15), (dt.date(2026, 3, 1), dt.date(2026, 3, 15))),
        ("last_30_days", dt.date(2026, 3, 15), (dt.date(2026, 2, 14), dt.date(2026, 3, 15))),
        ("this_year", dt.date(2026, 3, 15), (dt.date(2026, 1, 1), dt.date(2026, 3, 15))),
        ("custom", dt.date(2026, 3, 15), None),
    ],
)
def test_named_periods(preset: str, today: dt.date, expected) -> None:
    from ui.pages.reports import preset_period

    assert preset_period(preset, today) == expected


def test_a_named_period_sets_the_dates_and_typing_dates_makes_it_other(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    today = office_day(database)
    first_of_month = today.replace(day=1)
    assert page.period.currentData() == "last_month"  # the default
    assert page.start.date().toPython() == (first_of_month - dt.timedelta(days=1)).replace(day=1)
    page.choose_period("this_month")
    assert (page.start.date().toPython(), page.end.date().toPython()) == (first_of_month, today)
    assert page.as_of.date().toPython() == today
    set_date(page.start, today - dt.timedelta(days=400))
    assert page.period.currentData() == "custom"
    assert page.end.date().toPython() == today  # nothing else moved
    page.kind.setCurrentIndex(page.kind.findData("training"))
    assert not page.period.isVisibleTo(page)  # a roster is as of a date, no period


def test_the_job_says_what_it_is_doing(qtbot, database, tmp_path) -> None:
    """Each stage of a portfolio report reaches the progress dialog and the line under the
    button, in the user's language (the job run here, in the test's thread)."""
    from app.i18n import set_language
    from ui.pages.reports import ReportJob

    window = window_for(qtbot, database)
    page = window.reports
    today = office_day(database)
    start = today - dt.timedelta(days=29)
    seen: list[str] = []
    set_language("zh_CN")
    try:
        job = ReportJob(database, page.user, "portfolio", tmp_path / "p.pdf", "zh_CN",
                        start, today, today)  # fmt: skip
        job.signals.stage.connect(seen.append)
        job.run()
    finally:
        set_language("en")
    assert seen[0] == "正在汇总数据…" and seen[-1] == "正在排版 PDF…"
    assert any(text.startswith("正在计算") and "账龄" in text for text in seen)
    assert (tmp_path / "p.pdf").stat().st_size > 0
    # The page shows a stage while its own job runs, and drops those of a cancelled one.
    page.generate_button.click()
    page._stage("正在汇总数据…")
    assert page.status.text() == "正在汇总数据…"
    assert page.progress is not None and page.progress.labelText() == "正在汇总数据…"
    page.cancel()
    page._stage("Laying out the PDF…")
    assert page.status.text() == "Cancelled; nothing was previewed."
    QThreadPool.globalInstance().waitForDone(WAIT_MS)
    QApplication.processEvents()


def chinese_window(qtbot, database):
    """The window in Chinese (the caller sets the language back to English)."""
    from app.i18n import set_language

    set_language("zh_CN")
    return window_for(qtbot, database)


def refused(qtbot, page) -> str:
    """Click Generate, wait for the inline error and return it; nothing was previewed."""
    page.preview = None
    page.generate_button.click()
    qtbot.waitUntil(page.error.isVisible, timeout=WAIT_MS)
    assert page.preview is None and page.generate_button.isEnabled()
    return page.error.text()


def _reversed_period(qtbot, window, pdf_lang: str, path: Path) -> str:
    """The error of a period typed back to front, with the PDF in `pdf_lang`."""
    page = window.reports
    window.show_page(page)
    page.language.setCurrentIndex(page.language.findData(pdf_lang))
    set_date(page.start, dt.date(2026, 3, 31))
    set_date(page.end, dt.date(2026, 3, 1))
    said = refused(qtbot, page)
    grab(window, path)
    return said


def test_an_error_is_in_the_windows_language_not_the_pdfs(qtbot, database, screenshot_dir):
    """The PDF's language is for the PDF; what the window says is in the window's language."""
    from app.i18n import set_language

    window = window_for(qtbot, database)
    said = _reversed_period(
        qtbot, window, "zh_CN", screenshot_dir / "reports_page_error_pdf_zh_CN.png"
    )
    assert said == "The period ends (2026-03-01) before it starts (2026-03-31)."
    window.close()
    try:
        window = chinese_window(qtbot, database)
        shot = screenshot_dir / "reports_page_error_zh_CN_pdf_en.png"
        said = _reversed_period(qtbot, window, "en", shot)
        assert said == "期间的结束日期（2026-03-01）早于开始日期（2026-03-31）。"
    finally:
        set_language("en")


def test_a_write_failure_is_told_in_the_windows_language(qtbot, database, tmp_path, monkeypatch):
    """The system's reason inside the sentence is in the window's language too, not the PDF's."""
    import errno

    import ui.pages.report_job as report_job
    from ui.pages.reports import ReportJob

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "p.pdf"))

    monkeypatch.setattr(report_job, "write_report", disk_full)
    window = window_for(qtbot, database)
    today = office_day(database)
    job = ReportJob(database, window.reports.user, "portfolio", tmp_path / "p.pdf", "zh_CN",
                    today, today, today)  # fmt: skip
    said: list[str] = []
    job.signals.failed.connect(said.append)
    job.run()
    assert said == [f"Cannot write {tmp_path / 'p.pdf'}: the disk is full"]


def test_as_of_follows_the_end_of_the_period_typed_or_chosen(qtbot, database) -> None:
    """After "Last month", dates typed by hand move As of to the new end; the user may still set
    As of afterwards, and a later change of To (typed or a named period) moves it again."""
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    page.kind.setCurrentIndex(page.kind.findData("portfolio"))
    first, last = preset_period_for(database, "last_month")
    assert page.as_of.date().toPython() == last
    october_1 = (first - dt.timedelta(days=1)).replace(day=1)
    october_31 = first - dt.timedelta(days=1)
    set_date(page.start, october_1)
    set_date(page.end, october_31)
    assert page.period.currentData() == "custom"
    assert page.as_of.date().toPython() == october_31
    set_date(page.as_of, october_1 + dt.timedelta(days=14))  # the user's own choice stays…
    set_date(page.start, october_1 + dt.timedelta(days=1))
    assert page.as_of.date().toPython() == october_1 + dt.timedelta(days=14)
    set_date(page.end, october_31 - dt.timedelta(days=1))  # …until To changes again
    assert page.as_of.date().toPython() == october_31 - dt.timedelta(days=1)
    page.choose_period("last_month")
    assert page.as_of.date().toPython() == last
    assert page._file_name() == f"portfolio-{first}-{last}-as-of-{last}.pdf"


def test_a_period_typed_before_the_office_existed_has_no_data(qtbot, database) -> None:
    """The portfolio of days typed by hand is aged at their end, not at last month's end."""
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    page.kind.setCurrentIndex(page.kind.findData("portfolio"))
    set_date(page.start, dt.date(2001, 1, 1))
    set_date(page.end, dt.date(2001, 1, 31))
    preview = generate(qtbot, page)
    assert page.status.text() == "No data in this period; the PDF says so."
    text = pdf_text(preview.pdf_path)
    assert "Aging as of 2001-01-31" in text or "As of 2001-01-31" in text
    assert "No data in this period" in text
    assert preview.file_name == "portfolio-2001-01-01-2001-01-31-as-of-2001-01-31.pdf"
    preview.close()
    assert cell_text(page.recent.table, 0, 1) == "Portfolio and recovery report (no data)"


def test_the_rosters_as_of_is_today_not_another_reports(qtbot, database) -> None:
    """As the CLI's `report training`: the roster is as of today unless the user picks a date,
    whatever the portfolio report's As of was; each report keeps its own."""
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    today = office_day(database)
    _first, last = preset_period_for(database, "last_month")
    page.kind.setCurrentIndex(page.kind.findData("portfolio"))
    assert page.as_of.date().toPython() == last
    page.kind.setCurrentIndex(page.kind.findData("training"))
    assert page.as_of.date().toPython() == today
    assert page._file_name() == f"training-as-of-{today}.pdf"
    set_date(page.as_of, today - dt.timedelta(days=3))
    page.kind.setCurrentIndex(page.kind.findData("portfolio"))
    assert page.as_of.date().toPython() == last
    page.kind.setCurrentIndex(page.kind.findData("training"))
    assert page.as_of.date().toPython() == today - dt.timedelta(days=3)


def preset_period_for(database, preset: str) -> tuple[dt.date, dt.date]:  # type: ignore[no-untyped-def]
    from ui.pages.reports import preset_period

    dates = preset_period(preset, office_day(database))
    assert dates is not None
    return dates


def test_an_as_of_date_outside_the_period_is_refused(qtbot, database, screenshot_dir) -> None:
    """The core refuses it; the window shows why, in its language, and generates nothing."""
    from app.i18n import set_language

    first, last = preset_period_for(database, "last_month")
    early = first - dt.timedelta(days=5)
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    page.kind.setCurrentIndex(page.kind.findData("portfolio"))
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    set_date(page.as_of, early)
    assert refused(qtbot, page) == (
        f"The as-of date {early} is outside the period {first} to {last}: the aging is taken "
        "on a day of the period."
    )
    page.recent.refresh()
    assert page.recent.table.rowCount() == 0  # nothing generated
    window.close()
    try:
        window = chinese_window(qtbot, database)
        page = window.reports
        window.show_page(page)
        page.kind.setCurrentIndex(page.kind.findData("portfolio"))
        set_date(page.as_of, early)
        assert refused(qtbot, page) == (
            f"截至日期 {early} 不在期间 {first} 至 {last} 之内：账龄须按期间内的某一天统计。"
        )
        grab(window, screenshot_dir / "reports_page_as_of_outside_zh_CN.png")
        page.kind.setCurrentIndex(page.kind.findData("training"))
        assert not page.error.isVisibleTo(page)  # not left under a roster that has no period
    finally:
        set_language("en")


def test_the_preview_is_named_for_the_report_written(qtbot, database) -> None:
    """Another report chosen while one is being written: its preview took the new choice's name."""
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    today = office_day(database)
    set_date(page.start, today - dt.timedelta(days=30))
    set_date(page.end, today)
    page.kind.setCurrentIndex(page.kind.findData("compliance"))
    page.preview = None
    page.generate_button.click()
    page.kind.setCurrentIndex(page.kind.findData("training"))  # before the job is done
    qtbot.waitUntil(lambda: page.preview is not None or page.error.isVisible(), timeout=WAIT_MS)
    assert page.preview is not None and page.preview.windowTitle() == "Compliance report"
    assert "Compliance report" in pdf_text(page.preview.pdf_path)
    page.preview.close()

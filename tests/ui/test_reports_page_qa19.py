"""The Reports page and its preview, from a QA pass as a supervisor: Save as… says where the copy
went and a failed one leaves nothing half-written; a closed preview's PDF is not left in the
temporary folder; Enter generates from the form and again from the list; Cancel stops the job."""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_reports_page import WAIT_MS, generate, three_pages
from ui.dialogs.pdf_preview import PdfPreviewDialog
from ui.pages.report_job import ReportJob

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def preview_of(qtbot, tmp_path: Path) -> PdfPreviewDialog:
    dialog = PdfPreviewDialog(three_pages(tmp_path / "sample.pdf"), "Sample")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_save_says_where_the_copy_went(qtbot, tmp_path, screenshot_dir, lang) -> None:
    """QA: Save as… that worked said nothing at all."""
    set_language(lang)
    try:
        dialog = preview_of(qtbot, tmp_path)
        target = tmp_path / "kept" / "november.pdf"
        target.parent.mkdir()
        assert dialog.save_chosen(str(target.with_suffix("")))
        assert target.read_bytes() == (tmp_path / "sample.pdf").read_bytes()
        words = {"en": "Saved a copy to {file}.", "zh_CN": "已将副本保存到 {file}。"}[lang]
        assert dialog.saved.isVisible() and dialog.saved.text() == words.format(file=target)
        assert not dialog.error.isVisible()
        grab(dialog, screenshot_dir / f"preview_saved_{lang}.png")
        # A save that fails next takes the word back: the error alone is shown.
        assert not dialog.save_chosen(str(tmp_path / "no such folder" / "x.pdf"))
        assert dialog.error.isVisible() and not dialog.saved.isVisible()
    finally:
        set_language("en")


def test_a_failed_save_leaves_nothing_half_written(qtbot, tmp_path, monkeypatch) -> None:
    """QA: the copy went straight onto the chosen file, so a disk that filled mid-copy left half
    a PDF there (over the file that was there before)."""
    dialog = preview_of(qtbot, tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.pdf"
    target.write_bytes(b"the copy saved last week")

    def full_disk(source, destination, *args, **kwargs) -> None:
        """A copy that runs out of room after its first 100 bytes."""
        Path(destination).write_bytes(Path(source).read_bytes()[:100])
        raise OSError(errno.ENOSPC, "No space left on device", str(destination))

    monkeypatch.setattr(shutil, "copyfile", full_disk)
    assert not dialog.save_to(target)
    monkeypatch.undo()
    assert dialog.error.text() == f"Could not save {target}: the disk is full"
    assert target.read_bytes() == b"the copy saved last week"
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]  # no .part left beside it
    assert not dialog.saved.isVisible()


def test_a_device_is_not_saved_over(qtbot, tmp_path) -> None:
    dialog = preview_of(qtbot, tmp_path)
    assert not dialog.save_to(Path("/dev/null"))
    assert dialog.error.text() == (
        "/dev/null is not a plain file (a device or a pipe); choose a file name."
    )
    assert Path("/dev/null").is_char_device()


def test_a_closed_previews_pdf_is_not_left_behind(qtbot, database) -> None:
    """QA: every report previewed stayed in the temporary folder as a plain PDF (borrowers'
    names and amounts outside the encrypted office) until the computer cleaned it, if ever."""
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    preview = generate(qtbot, page)
    path = preview.pdf_path
    assert path.parent == page.folder and path.stat().st_size > 0
    preview.close()
    qtbot.waitUntil(lambda: not path.exists(), timeout=5_000)
    assert not list(page.folder.iterdir())
    folder = page.folder
    window.close()
    page.deleteLater()
    qtbot.waitUntil(lambda: not folder.exists(), timeout=5_000)


def test_enter_in_the_form_generates_and_on_the_list_generates_again(qtbot, database) -> None:
    """QA: Enter did nothing on the page (its "default" button only works in a dialog)."""
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    page.end.setFocus()
    qtbot.keyClick(page.end, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT_MS)
    assert page.recent.table.rowCount() == 1
    page.preview.close()
    page.preview = None
    page.language.setFocus()
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    qtbot.keyClick(page.language, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT_MS)
    page.preview.close()
    page.preview = None
    table = page.recent.table
    assert table.rowCount() == 2
    table.setFocus()
    table.setCurrentCell(1, 0)  # the English one
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT_MS)
    assert page.language.currentData() == "en"
    page.preview.close()
    assert table.rowCount() == 3


def test_a_cancelled_job_stops_at_its_next_stage(qtbot, database, tmp_path) -> None:
    """QA: Cancel freed the window, but the job went on gathering and laying out a year's
    report unseen. Now it stops at its next stage: nothing told, written or recorded."""
    window = window_for(qtbot, database)
    page = window.reports
    path = tmp_path / "dropped.pdf"
    start, end = page._day(page.start), page._day(page.end)
    job = ReportJob(database, page.user, "portfolio", path, "en", start, end, end)
    said: list[str] = []
    ends: list[object] = []
    job.signals.stage.connect(said.append)
    job.signals.finished.connect(lambda *a: ends.append(a))
    job.signals.failed.connect(ends.append)
    assert job.cancel()
    job.run()
    QApplication.processEvents()
    assert said == [] and ends == [] and not path.exists() and not job.kept
    assert not list(tmp_path.glob("*.part"))
    page.recent.refresh()
    assert page.recent.table.rowCount() == 0
    QThreadPool.globalInstance().waitForDone(WAIT_MS)


def test_save_as_asks_before_a_typed_name_replaces_a_file(qtbot, tmp_path) -> None:
    """QA: "november" typed in Save as… where november.pdf was replaced it without a word."""
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.test_trust import when_modal

    dialog = preview_of(qtbot, tmp_path)
    target = tmp_path / "kept" / "november.pdf"
    target.parent.mkdir()
    target.write_bytes(b"%PDF-1.4 last month's")
    when_modal(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.No).click())
    assert not dialog.save_chosen(str(target.with_suffix("")))
    assert target.read_bytes() == b"%PDF-1.4 last month's"  # kept
    when_modal(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert dialog.save_chosen(str(target.with_suffix("")))
    assert target.read_bytes() == (tmp_path / "sample.pdf").read_bytes()

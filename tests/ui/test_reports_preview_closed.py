"""The Reports page's line after its preview closes: "Ready in the preview" stayed there, pointing
at a preview that was gone; now it says where a copy was saved, or that none was kept and how to
see the report again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_reports_page import generate

pytestmark = pytest.mark.gui
READY = "Ready in the preview: print it, or Save as… to keep a copy."


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_the_line_says_what_became_of_the_preview(qtbot, database, tmp_path, screenshot_dir):
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)

    preview = generate(qtbot, page)
    assert page.status.text() == READY
    preview.reject()
    assert page.status.text() == (
        "Preview closed; no copy was kept. To see it again, pick it under Recently generated "
        "and press Generate again."
    )
    grab(window, screenshot_dir / "reports_preview_closed_en.png")

    preview = generate(qtbot, page)
    assert page.status.text() == READY
    first, kept = tmp_path / "first.pdf", tmp_path / "kept.pdf"
    assert preview.save_to(first) and preview.save_to(kept)
    preview.reject()
    assert page.status.text() == f"Saved a copy to {kept}."
    assert kept.stat().st_size > 0


def test_in_chinese(qtbot, database, screenshot_dir):
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        page = window.reports
        window.show_page(page)
        generate(qtbot, page).reject()
        text = page.status.text()
        assert "预览已关闭" in text and "Preview" not in text
        grab(window, screenshot_dir / "reports_preview_closed_zh.png")
    finally:
        set_language("en")


def test_the_line_goes_when_the_form_changes(qtbot, database, tmp_path, screenshot_dir):
    """Found by the month-start walk: "Saved a copy to …" (or "No data in this period") stayed
    under the form once another report or other dates were chosen, as if about them."""
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    for change in (
        lambda: page.kind.setCurrentIndex((page.kind.currentIndex() + 1) % page.kind.count()),
        lambda: page.choose_period("this_year"),
        lambda: page.start.setDate(page.start.date().addDays(-1)),
        lambda: page.as_of.setDate(page.as_of.date().addDays(-1)),
    ):
        page.kind.setCurrentIndex(0)
        preview = generate(qtbot, page)
        assert preview.save_to(tmp_path / "kept.pdf")
        preview.reject()
        assert page.status.text() == f"Saved a copy to {tmp_path / 'kept.pdf'}."
        change()
        assert page.status.text() == ""
    grab(window, screenshot_dir / "reports_line_gone_en.png")

"""A screen reader names each list of a page after the heading above it or its tab
(ui/accessible.py's name_lists): a case's timeline, its ranking and its related persons were all
read as "Cases", the page's title, so Tab through the case page said "Cases" three times."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import tr as _
from tests.ui.test_queue import open_office, window_for
from ui.accessible import accessible_name

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_a_cases_lists_are_named_after_their_headings(qtbot, database, lang) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, database, "agent01")
    window.open_case(window.queue.model.id_at(0))
    page = window.cases
    names = [accessible_name(t) for t in (page.timeline, page.breakdown, page.related)]
    assert names == [_("Timeline"), _("Why it ranks here"), _("Related persons")]
    # A list with no heading above it, nor a tab of its own, keeps the page's title.
    assert accessible_name(window.queue.table) == _("Work queue")


def test_the_side_bar_has_a_name(qtbot, database, lang) -> None:  # type: ignore[no-untyped-def]
    """Tab from a page's list goes to the side bar: it was read as a list with no name."""
    window = window_for(qtbot, database, "agent01")
    assert accessible_name(window.sidebar) == {"en": "Pages", "zh_CN": "页面"}[lang]


def test_the_scrolling_pages_have_names(qtbot, database, lang) -> None:  # type: ignore[no-untyped-def]
    """Tab stops on the dashboard's and the case summary's scroll areas: both had no name."""
    from PySide6.QtWidgets import QScrollArea

    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.dashboard)
    window.open_case(window.queue.model.id_at(0))
    found = {
        page: [accessible_name(a) for a in page.findChildren(QScrollArea) if a.widgetResizable()]
        for page in (window.dashboard, window.cases)
    }
    assert _("Dashboard") in found[window.dashboard]
    assert {"en": "Case summary", "zh_CN": "案件概况"}[lang] in found[window.cases]

"""The Dashboard leaves nothing behind: building its charts leaves no layout item that no layout
holds (a stand-in swapped out with replaceWidget left its item to the caller, who never deleted
it), and refreshing it again and again makes no more widgets or objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication, QLayout, QLayoutItem

from tests.ui.test_queue import login, open_office

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _settle() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def _item_wrappers() -> dict[int, QLayoutItem]:
    """Python's live wrappers of the layout items Qt made (for a widget added to a layout), by
    address."""
    return {
        shiboken6.getCppPointer(w)[0]: w
        for w in shiboken6.getAllValidWrappers()
        if isinstance(w, QLayoutItem)
        and not isinstance(w, QLayout)
        and not shiboken6.createdByPython(w)
    }


def _held_by_layouts(page: QObject) -> set[int]:
    return {
        shiboken6.getCppPointer(layout.itemAt(i))[0]
        for layout in page.findChildren(QLayout)
        for i in range(layout.count())
    }


def test_the_charts_leave_no_loose_item_and_refreshes_make_nothing_new(qtbot, database) -> None:
    from ui.pages.dashboard import DashboardPage
    from ui.signals import ChangeHub

    _settle()
    before = set(_item_wrappers())
    page = DashboardPage(database, ChangeHub(), login(database))
    qtbot.addWidget(page)
    page.charts()
    counts = []
    for _round in range(5):
        page.refresh()
        _settle()
        counts.append(
            (len(QApplication.allWidgets()), len(page.findChildren(QObject)), len(_item_wrappers()))
        )
    assert counts == [counts[0]] * len(counts), counts
    assert page.aging.bars is not None and len(page.recovery.listDataItems()) == 2
    # Each item Qt made for a widget of the page is in one of the page's layouts: none was
    # taken out of its layout and left for nobody to delete.
    loose = set(_item_wrappers()) - before - _held_by_layouts(page)
    assert not loose, f"{len(loose)} layout items out of every layout, never deleted"

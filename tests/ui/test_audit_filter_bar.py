"""The Audit and Compliance log pages' filter bars wrap in whole groups: a label never leaves its
field, a date range's From and To stay on one row, the Audit page's record kind stays beside its
id box, at every width from 1024 to 1440 px, in English and Chinese; at 1366 and 1024 every
field is whole and inside the window. QA: at about 1,380 px in English "To:" wrapped onto the
second row while "From:" stayed on the first; a supervisor read a date range in two places."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.i18n import set_language
from tests.conftest import TEST_KEY
from tests.ui.test_audit_page import window_for

pytestmark = pytest.mark.gui
WIDTHS = range(1024, 1441, 8)


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def _row(widget: QWidget, page: QWidget) -> int:
    return widget.mapTo(page, widget.rect().center()).y()


def _apart(page: QWidget, together: list[tuple[QWidget, QWidget]]) -> list[str]:
    """What is not on its partner's row: the pairs given, and every label of the filter bar
    with the field after it."""
    bar = page.layout().itemAt(0).layout().itemAt(0).widget()  # the flow of filters
    pairs = list(together)
    for label in bar.findChildren(QLabel):
        line = label.parentWidget().layout()
        field = line.itemAt(line.indexOf(label) + 1).widget()
        pairs.append((label, field))
    return [
        f"{type(a).__name__} {a.text() if isinstance(a, QLabel) else ''}|{type(b).__name__}"
        for a, b in pairs
        if abs(_row(a, page) - _row(b, page)) > a.height() // 2  # centred on different rows
    ]


def _outside(window: QWidget, page: QWidget) -> list[str]:
    """Fields of the bar cut short or beyond the window's right edge."""
    bar = page.layout().itemAt(0).layout().itemAt(0).widget()
    found = []
    for field in bar.findChildren(QWidget):
        if field.parentWidget() is bar or isinstance(field, QLabel) or not field.isVisible():
            continue
        right = field.mapTo(window, field.rect().topRight()).x()
        if field.width() < field.minimumSizeHint().width() or right > window.width():
            found.append(type(field).__name__)
    return found


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_filter_bars_wrap_in_whole_groups(qtbot, database, lang) -> None:
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        audit, log = window.audit, window.compliance_log
        checks = [
            (audit, [(audit.date_from, audit.date_to), (audit.entity, audit.record_id)]),
            (log, [(log.date_from, log.date_to)]),
        ]
        for page, together in checks:
            window.show_page(page)
            split = {}
            for width in WIDTHS:
                window.resize(width, 768)
                qtbot.wait(1)
                if apart := _apart(page, together):
                    split[window.width()] = apart
            assert split == {}, split
            for width in (1366, 1024):
                window.resize(width, 768)
                qtbot.wait(1)
                assert _outside(window, page) == [], width
    finally:
        set_language("en")
